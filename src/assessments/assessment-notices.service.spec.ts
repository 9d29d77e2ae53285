import type { DataSource } from 'typeorm';
import { MailKind } from '@lib/mailer';
import { QueueName, type MailRequest } from '@lib/queue';
import type { AppConfig } from '../config/config';
import type { UsersService } from '../auth/users.service';
import type { EnrolmentQueriesService } from '../enrolments/enrolment-queries.service';
import { EnrolmentStatus } from '../enrolments/enrolment-status.enum';
import type { DeliveryAttempt, MailDeliveryService } from '../notifications/mail-delivery.service';
import type { SessionsService } from '../sessions/sessions.service';
import type { AssessmentsService } from './assessments.service';
import { AssessmentNoticesService } from './assessment-notices.service';

const DAY = 24 * 3600_000;
const ENROLMENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const DELEGATE = '9b2f3c1e-5d4a-4e6b-8c7d-0a1b2c3d4e5f';
const SESSION = '16fd2706-8baf-433b-82eb-8c7fada847da';
const attempt = { attemptsMade: 0, maxAttempts: 5 };
const NIP = { code: 'NIP', title: 'National implementation plans', passMark: 70 };

/**
 * The service with its collaborators faked at its boundary (the services it calls, and the mail ledger), each call
 * recorded, so that a test sees the outcome and which facts were read: the database is never reached.
 */
function setUp(facts: {
  status: EnrolmentStatus | null;
  missing?: (typeof NIP)[];
  answered?: boolean;
  account?: { disabledAt: Date | null } | null;
}) {
  const calls: string[] = [];
  const sent: { key: string; request: MailRequest; attempt: DeliveryAttempt }[] = [];
  const enrolment = facts.status && {
    id: ENROLMENT,
    status: facts.status,
    delegateId: DELEGATE,
    sessionId: SESSION,
  };
  const delegate = facts.account === null ? null : { ...account, ...facts.account };
  const fakes = {
    enrolments: {
      findById: async (id: string) => {
        calls.push(`findById ${id}`);
        return enrolment;
      },
    },
    assessments: {
      modulesWithoutPost: async (e: { id: string }) => {
        calls.push(`modulesWithoutPost ${e.id}`);
        return facts.missing ?? [];
      },
      followUpOf: async (id: string) => {
        calls.push(`followUpOf ${id}`);
        return facts.answered ? { id: 'answer' } : null;
      },
    },
    users: {
      usersByIds: async (ids: string[]) => {
        calls.push(`usersByIds ${ids.join()}`);
        return delegate ? [delegate] : [];
      },
    },
    sessions: {
      snapshot: async (_tx: unknown, id: string) => {
        calls.push(`snapshot ${id}`);
        return { ...snapshot };
      },
    },
    delivery: {
      deliver: async (key: string, request: MailRequest, attempt: DeliveryAttempt) => {
        sent.push({ key, request, attempt });
        return 'SENT' as const;
      },
    },
  };
  const config = { assessmentReminderBeforeMs: 3 * DAY, followUpAfterMs: 90 * DAY } as AppConfig;
  const service = new AssessmentNoticesService(
    config,
    { manager: {} } as DataSource,
    fakes.assessments as unknown as AssessmentsService,
    fakes.enrolments as unknown as EnrolmentQueriesService,
    fakes.sessions as unknown as SessionsService,
    fakes.users as unknown as UsersService,
    fakes.delivery as unknown as MailDeliveryService,
  );
  return { service, calls, sent };
}

const account = {
  id: DELEGATE,
  email: 'lucia@example.org',
  fullName: 'Lucía Quispe',
  language: 'es',
  timeZone: 'America/Lima',
  partyCode: 'PER',
  disabledAt: null as Date | null,
};
const recipient = {
  userId: DELEGATE,
  email: account.email,
  fullName: account.fullName,
  language: account.language,
  timeZone: account.timeZone,
  partyCode: account.partyCode,
};
const snapshot = { id: SESSION, title: 'Updating the NIP', joinUrl: 'https://meet.example.org/nip' };

describe('AssessmentNoticesService.remindOfAssessment', () => {
  const dueAt = '2030-03-18T09:00:00.000Z';
  const job = { enrolmentId: ENROLMENT, sessionId: SESSION, dueAt };
  const remind = (s: ReturnType<typeof setUp>) => s.service.remindOfAssessment('ASSESSMENT_REMINDER.x', job, attempt);

  it('reminds an attendee of the modules still to submit, dated ASSESSMENT_REMINDER_BEFORE the due date', async () => {
    const s = setUp({ status: EnrolmentStatus.ATTENDED, missing: [NIP] });
    expect(await remind(s)).toBe('SENT');
    expect(s.calls).toEqual([
      `findById ${ENROLMENT}`,
      `modulesWithoutPost ${ENROLMENT}`,
      `usersByIds ${DELEGATE}`,
      `snapshot ${SESSION}`,
    ]);
    expect(s.sent).toEqual([
      {
        key: 'ASSESSMENT_REMINDER.x',
        request: {
          kind: MailKind.ASSESSMENT_REMINDER,
          to: recipient,
          data: { session: { ...snapshot, joinUrl: null }, modules: [NIP], dueAt },
          occurredAt: new Date(Date.parse(dueAt) - 3 * DAY).toISOString(),
        },
        attempt: { queue: QueueName.REMINDERS, ...attempt },
      },
    ]);
  });

  it('reads no further than the fact that decides', async () => {
    const gone = setUp({ status: null });
    expect(await remind(gone)).toBe('DROPPED_NOT_ATTENDED');
    expect(gone.calls).toEqual([`findById ${ENROLMENT}`]);

    const passed = setUp({ status: EnrolmentStatus.COMPLETED, missing: [NIP] });
    expect(await remind(passed)).toBe('DROPPED_SUBMITTED');
    expect(passed.calls).toEqual([`findById ${ENROLMENT}`]);

    const absent = setUp({ status: EnrolmentStatus.NO_SHOW, missing: [NIP] });
    expect(await remind(absent)).toBe('DROPPED_NOT_ATTENDED');
    expect(absent.calls).toEqual([`findById ${ENROLMENT}`]);

    const submitted = setUp({ status: EnrolmentStatus.ATTENDED, missing: [] });
    expect(await remind(submitted)).toBe('DROPPED_SUBMITTED');
    expect(submitted.calls).toEqual([`findById ${ENROLMENT}`, `modulesWithoutPost ${ENROLMENT}`]);

    for (const s of [passed, absent, submitted, gone]) expect(s.sent).toEqual([]);
  });

  it('sends nothing to a disabled or deleted account', async () => {
    for (const acc of [{ disabledAt: new Date('2030-01-01T00:00:00Z') }, null]) {
      const s = setUp({ status: EnrolmentStatus.ATTENDED, missing: [NIP], account: acc });
      expect(await remind(s)).toBe('DROPPED_NOT_ATTENDED');
      expect(s.calls).toEqual([`findById ${ENROLMENT}`, `modulesWithoutPost ${ENROLMENT}`, `usersByIds ${DELEGATE}`]);
      expect(s.sent).toEqual([]);
    }
  });
});

describe('AssessmentNoticesService.sendFollowUpSurvey', () => {
  const completedAt = '2030-03-04T11:00:00.000Z';
  const job = { enrolmentId: ENROLMENT, sessionId: SESSION, completedAt };
  const survey = (s: ReturnType<typeof setUp>) => s.service.sendFollowUpSurvey('FOLLOW_UP_SURVEY.x', job, attempt);

  it('asks an attendee, passed or not, dated FOLLOW_UP_AFTER the completion', async () => {
    for (const status of [EnrolmentStatus.ATTENDED, EnrolmentStatus.COMPLETED]) {
      const s = setUp({ status });
      expect(await survey(s)).toBe('SENT');
      expect(s.calls).toEqual([
        `findById ${ENROLMENT}`,
        `followUpOf ${ENROLMENT}`,
        `usersByIds ${DELEGATE}`,
        `snapshot ${SESSION}`,
      ]);
      expect(s.sent).toEqual([
        {
          key: 'FOLLOW_UP_SURVEY.x',
          request: {
            kind: MailKind.FOLLOW_UP_SURVEY,
            to: recipient,
            data: { session: { ...snapshot, joinUrl: null }, completedAt },
            occurredAt: new Date(Date.parse(completedAt) + 90 * DAY).toISOString(),
          },
          attempt: { queue: QueueName.REMINDERS, ...attempt },
        },
      ]);
    }
  });

  it('reads no further than the fact that decides', async () => {
    for (const status of [null, EnrolmentStatus.NO_SHOW, EnrolmentStatus.CONFIRMED]) {
      const s = setUp({ status });
      expect(await survey(s)).toBe('DROPPED_NOT_ATTENDED');
      expect(s.calls).toEqual([`findById ${ENROLMENT}`]);
    }
    const answered = setUp({ status: EnrolmentStatus.COMPLETED, answered: true });
    expect(await survey(answered)).toBe('DROPPED_ANSWERED');
    expect(answered.calls).toEqual([`findById ${ENROLMENT}`, `followUpOf ${ENROLMENT}`]);
    expect(answered.sent).toEqual([]);
  });

  it('sends nothing to a disabled or deleted account', async () => {
    for (const acc of [{ disabledAt: new Date('2030-01-01T00:00:00Z') }, null]) {
      const s = setUp({ status: EnrolmentStatus.ATTENDED, account: acc });
      expect(await survey(s)).toBe('DROPPED_NOT_ATTENDED');
      expect(s.calls).toEqual([`findById ${ENROLMENT}`, `followUpOf ${ENROLMENT}`, `usersByIds ${DELEGATE}`]);
      expect(s.sent).toEqual([]);
    }
  });
});
