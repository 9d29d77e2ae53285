import { MailKind } from '@lib/mailer';
import { OutboxEventType, type OutboxEventJobData, type Recipient, type SessionSnapshot } from '@lib/queue';
import { planNotifications, reminderKey } from './notification-plan';

const H = 3600_000;
const D = 24 * H;
const OFFSETS = [7 * D, D, H];
const TIMING = {
  reminderOffsetsMs: OFFSETS,
  assessmentDueMs: 14 * D,
  assessmentReminderBeforeMs: 3 * D,
  followUpAfterMs: 90 * D,
};

const person = (id: string): Recipient => ({
  userId: id,
  email: `${id}@example.org`,
  fullName: id,
  language: 'EN',
  timeZone: 'UTC',
  partyCode: 'SEN',
});
const session = (startsAt: string): SessionSnapshot => ({
  id: 'session-1',
  kind: 'WEBINAR',
  title: 'NIP',
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 2 * H).toISOString(),
  timeZone: 'Europe/Zurich',
  language: 'EN',
  status: 'SCHEDULED',
  sequence: 0,
  modules: [{ code: 'NIP', title: 'NIP' }],
  region: null,
  venue: null,
  hostCentre: null,
  joinUrl: null,
});
const enrolment = { id: 'enrolment-1', status: 'CONFIRMED', funded: false, waitlistPosition: null };
const start = '2027-03-30T08:00:00.000Z';

describe('planNotifications', () => {
  it('plans a confirmation and the reminders whose moment comes after the event', () => {
    const twoDaysBefore = new Date(Date.parse(start) - 2 * D).toISOString();
    const plan = planNotifications(
      {
        eventId: 'e1',
        type: OutboxEventType.ENROLMENT_CONFIRMED,
        occurredAt: twoDaysBefore,
        payload: { enrolment, delegate: person('d1'), session: session(start), by: null },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(plan.mails.map((m) => [m.key, m.request.kind])).toEqual([
      [`${MailKind.ENROLMENT_CONFIRMED}.e1.d1`, MailKind.ENROLMENT_CONFIRMED],
    ]);
    // P7D before the start had already passed when the delegate enrolled: not planned.
    expect(plan.addReminders.map((r) => [r.data.offsetMs, r.dueAt])).toEqual([
      [D, Date.parse(start) - D],
      [H, Date.parse(start) - H],
    ]);
    expect(plan.removeReminders).toEqual([]);
  });

  it('moves the reminders of confirmed delegates on a reschedule and withdraws everyone’s old ones', () => {
    const later = '2027-04-02T08:00:00.000Z';
    const plan = planNotifications(
      {
        eventId: 'e2',
        type: OutboxEventType.SESSION_RESCHEDULED,
        occurredAt: '2027-01-01T00:00:00.000Z',
        payload: {
          session: session(later),
          previous: { startsAt: start, endsAt: session(start).endsAt },
          recipients: [
            { ...person('confirmed'), enrolmentId: 'en-c', enrolmentStatus: 'CONFIRMED' },
            { ...person('waiting'), enrolmentId: 'en-w', enrolmentStatus: 'WAITLISTED' },
          ],
          by: null,
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(plan.mails.map((m) => m.request.to.userId)).toEqual(['confirmed', 'waiting']);
    expect(plan.removeReminders).toEqual([
      ...OFFSETS.map((o) => reminderKey('en-c', start, o)),
      ...OFFSETS.map((o) => reminderKey('en-w', start, o)),
    ]);
    expect(plan.addReminders.map((r) => r.key)).toEqual(OFFSETS.map((o) => reminderKey('en-c', later, o)));
  });

  it('withdraws reminders when an enrolment or a session is cancelled, and says whether the delegate cancelled', () => {
    const cancelled = planNotifications(
      {
        eventId: 'e3',
        type: OutboxEventType.ENROLMENT_CANCELLED,
        occurredAt: '2027-01-01T00:00:00.000Z',
        payload: {
          enrolment,
          delegate: person('d1'),
          session: session(start),
          by: { userId: 'd1', fullName: 'd1' },
          previousStatus: 'CONFIRMED',
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(cancelled.removeReminders).toEqual(OFFSETS.map((o) => reminderKey('enrolment-1', start, o)));
    expect(cancelled.mails[0].request).toMatchObject({
      kind: MailKind.ENROLMENT_CANCELLED,
      data: { byDelegate: true },
    });

    const sessionGone = planNotifications(
      {
        eventId: 'e4',
        type: OutboxEventType.SESSION_CANCELLED,
        occurredAt: '2027-01-01T00:00:00.000Z',
        payload: {
          session: session(start),
          reason: 'flood',
          recipients: [
            { ...person('d2'), enrolmentId: 'en-2', enrolmentStatus: 'CANCELLED', previousStatus: 'CONFIRMED' },
          ],
          by: null,
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(sessionGone.mails[0].request).toMatchObject({
      kind: MailKind.SESSION_CANCELLED,
      data: { previousStatus: 'CONFIRMED' },
    });
    expect(sessionGone.removeReminders).toHaveLength(3);
    expect(sessionGone.addReminders).toEqual([]);
  });

  it('tells each delegate whose enrolment expired, once, with the materials and next sessions; the holder of a revoked certificate', () => {
    const material = {
      id: 'm1',
      title: 'Guide',
      url: 'https://example.org/g.pdf',
      language: 'EN',
      version: 1,
      module: { code: 'NIP', title: 'NIP' },
    };
    const next = { ...session('2027-04-30T08:00:00.000Z'), id: 'session-2' };
    const expired = planNotifications(
      {
        eventId: 'e9',
        type: OutboxEventType.ENROLMENTS_EXPIRED,
        occurredAt: start,
        payload: {
          session: session(start),
          cause: 'SESSION_STARTED',
          recipients: [
            { ...person('w1'), enrolmentId: 'n1', enrolmentStatus: 'EXPIRED', previousStatus: 'WAITLISTED' },
            { ...person('p1'), enrolmentId: 'n2', enrolmentStatus: 'EXPIRED', previousStatus: 'PENDING_ENDORSEMENT' },
          ],
          materials: [material],
          nextSessions: [next],
          by: null,
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(
      expired.mails.map((m) => [m.key, m.request.kind, (m.request.data as { previousStatus: string }).previousStatus]),
    ).toEqual([
      [`${MailKind.ENROLMENT_EXPIRED}.e9.w1`, MailKind.ENROLMENT_EXPIRED, 'WAITLISTED'],
      [`${MailKind.ENROLMENT_EXPIRED}.e9.p1`, MailKind.ENROLMENT_EXPIRED, 'PENDING_ENDORSEMENT'],
    ]);
    expect(expired.mails[0].request.data).toMatchObject({
      cause: 'SESSION_STARTED',
      materials: [material],
      nextSessions: [next],
    });
    expect([expired.addReminders, expired.removeReminders, expired.jobs]).toEqual([[], [], []]);

    const certificate = {
      id: 'c1',
      code: 'x'.repeat(32),
      holderName: 'd1',
      sessionTitle: 'NIP',
      timeZone: 'UTC',
      modules: [],
      issuedAt: start,
      revokedAt: start,
    };
    const revoked = planNotifications(
      {
        eventId: 'e10',
        type: OutboxEventType.CERTIFICATE_REVOKED,
        occurredAt: start,
        payload: { certificate, holder: person('d1'), reason: 'Copied answers', by: { userId: 's1', fullName: 'S' } },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(revoked.mails.map((m) => [m.key, m.request.to.userId, m.request.data])).toEqual([
      [`${MailKind.CERTIFICATE_REVOKED}.e10.d1`, 'd1', { certificate, reason: 'Copied answers' }],
    ]);
  });

  it('sends an endorsement request to every endorser and nothing for a completed session', () => {
    const request = planNotifications(
      {
        eventId: 'e5',
        type: OutboxEventType.ENDORSEMENT_REQUESTED,
        occurredAt: '2027-01-01T00:00:00.000Z',
        payload: {
          enrolment: { ...enrolment, status: 'PENDING_ENDORSEMENT' },
          delegate: person('d1'),
          session: session(start),
          by: null,
          party: { code: 'SEN', name: 'Senegal' },
          endorsers: [person('fp1'), person('fp2')],
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(request.mails.map((m) => m.key)).toEqual([
      `${MailKind.ENDORSEMENT_REQUESTED}.e5.fp1`,
      `${MailKind.ENDORSEMENT_REQUESTED}.e5.fp2`,
    ]);
    const completed = planNotifications(
      {
        eventId: 'e6',
        type: OutboxEventType.SESSION_COMPLETED,
        occurredAt: '2027-01-01T00:00:00.000Z',
        payload: { session: session(start), attendees: [], noShowCount: 0, by: null },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(completed).toEqual({ mails: [], addReminders: [], removeReminders: [], jobs: [] });
  });

  it('invites attendees of a completed session, plans the assessment reminder and the follow-up survey', () => {
    const completedAt = '2027-04-01T12:00:00.000Z';
    const t = Date.parse(completedAt);
    const attendee = { ...person('d1'), enrolmentId: 'en-1', enrolmentStatus: 'ATTENDED' };
    const plan = planNotifications(
      {
        eventId: 'e7',
        type: OutboxEventType.SESSION_COMPLETED,
        occurredAt: completedAt,
        payload: {
          session: { ...session(start), modules: [{ code: 'NIP', title: 'NIP', passMark: 80 }] },
          attendees: [attendee],
          noShowCount: 2,
          by: null,
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(plan.mails.map((m) => m.key)).toEqual([`${MailKind.ASSESSMENT_INVITATION}.e7.d1`]);
    expect(plan.mails[0].request.data).toMatchObject({
      dueAt: new Date(t + 14 * D).toISOString(),
      modules: [{ code: 'NIP', passMark: 80 }],
    });
    expect(plan.jobs.map((j) => [j.name, j.key, j.dueAt])).toEqual([
      ['SendAssessmentReminderJob', 'ASSESSMENT_REMINDER.en-1', t + 11 * D],
      ['SendFollowUpSurveyJob', 'FOLLOW_UP_SURVEY.en-1', t + 90 * D],
    ]);

    // Someone who already passed (COMPLETED) is not invited or reminded, but gets the follow-up survey.
    const passed = planNotifications(
      {
        eventId: 'e10',
        type: OutboxEventType.SESSION_COMPLETED,
        occurredAt: completedAt,
        payload: {
          session: session(start),
          attendees: [{ ...attendee, enrolmentStatus: 'COMPLETED' }],
          noShowCount: 0,
          by: null,
        },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(passed.mails).toEqual([]);
    expect(passed.jobs.map((j) => j.name)).toEqual(['SendFollowUpSurveyJob']);

    // A due time shorter than the reminder lead: no reminder, the rest unchanged.
    const short = planNotifications(
      {
        eventId: 'e8',
        type: OutboxEventType.SESSION_COMPLETED,
        occurredAt: completedAt,
        payload: { session: session(start), attendees: [attendee], noShowCount: 0, by: null },
      } as OutboxEventJobData,
      { ...TIMING, assessmentDueMs: 2 * D },
    );
    expect(short.jobs.map((j) => j.name)).toEqual(['SendFollowUpSurveyJob']);
  });

  it('issues a certificate job for a completed enrolment, keyed by the enrolment', () => {
    const plan = planNotifications(
      {
        eventId: 'e9',
        type: OutboxEventType.ENROLMENT_COMPLETED,
        occurredAt: '2027-04-02T00:00:00.000Z',
        payload: { enrolmentId: 'en-1', sessionId: 'session-1', delegateId: 'd1', by: null },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(plan.jobs).toEqual([
      {
        name: 'IssueCertificateJob',
        key: 'certificate.en-1',
        dueAt: Date.parse('2027-04-02T00:00:00.000Z'),
        data: { enrolmentId: 'en-1' },
      },
    ]);
    expect(plan.mails).toEqual([]);
  });

  it('makes a confirmation job (the link is made when it is sent) and a plain warning to a known address', () => {
    const at = '2027-04-02T00:00:00.000Z';
    const verify = planNotifications(
      {
        eventId: 'e10',
        type: OutboxEventType.EMAIL_VERIFICATION_REQUESTED,
        occurredAt: at,
        payload: { account: person('u1') },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(verify.jobs).toEqual([
      {
        name: 'SendEmailVerificationJob',
        key: 'EMAIL_VERIFICATION.e10.u1',
        dueAt: Date.parse(at),
        data: { userId: 'u1', occurredAt: at },
      },
    ]);
    expect(verify.mails).toEqual([]);
    const attempt = planNotifications(
      {
        eventId: 'e11',
        type: OutboxEventType.REGISTRATION_ATTEMPTED,
        occurredAt: at,
        payload: { account: person('u2') },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(attempt.mails).toEqual([
      {
        key: 'REGISTRATION_ATTEMPT.e11.u2',
        request: { kind: MailKind.REGISTRATION_ATTEMPT, to: person('u2'), data: { attemptedAt: at }, occurredAt: at },
      },
    ]);
    expect(attempt.jobs).toEqual([]);
  });

  it('makes a password reset job (its link too is made when it is sent), and nothing else', () => {
    const at = '2027-04-02T00:00:00.000Z';
    const reset = planNotifications(
      {
        eventId: 'e12',
        type: OutboxEventType.PASSWORD_RESET_REQUESTED,
        occurredAt: at,
        payload: { account: person('u3') },
      } as OutboxEventJobData,
      TIMING,
    );
    expect(reset.jobs).toEqual([
      {
        name: 'SendPasswordResetJob',
        key: 'PASSWORD_RESET.e12.u3',
        dueAt: Date.parse(at),
        data: { userId: 'u3', occurredAt: at },
      },
    ]);
    expect(reset.mails).toEqual([]);
    expect(reset.addReminders).toEqual([]);
  });
});
