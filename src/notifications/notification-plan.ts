import { MailKind } from '@lib/mailer';
import {
  JobName,
  mailKey,
  OutboxEventType,
  type JobPayloads,
  type MailRequest,
  type OutboxEventJobData,
  type Recipient,
  type ReminderJobData,
  type SessionSnapshot,
} from '@lib/queue';

/** Another job an event calls for, due at `dueAt` (epoch ms; now or earlier runs it at once). */
export type PlannedJob = {
  [N in JobName]: { name: N; key: string; dueAt: number; data: JobPayloads[N] };
}[JobName];

/** What one outbox event turns into: e-mails now, reminders to plan, reminders to withdraw, other jobs. */
export interface NotificationPlan {
  mails: { key: string; request: MailRequest }[];
  addReminders: { key: string; dueAt: number; data: ReminderJobData }[];
  /** Keys of reminder jobs no longer wanted. */
  removeReminders: string[];
  jobs: PlannedJob[];
}

/** The configured moments (REMINDER_OFFSETS, ASSESSMENT_DUE, ASSESSMENT_REMINDER_BEFORE, FOLLOW_UP_AFTER). */
export interface NotificationTiming {
  reminderOffsetsMs: number[];
  assessmentDueMs: number;
  assessmentReminderBeforeMs: number;
  followUpAfterMs: number;
}

/** The ledger key (and job id) of a reminder: enrolment, planned start and offset. */
export function reminderKey(enrolmentId: string, startsAt: string, offsetMs: number): string {
  return `${MailKind.SESSION_REMINDER}.${enrolmentId}.${Date.parse(startsAt)}.${offsetMs}`;
}

/** Job ids of the jobs that follow a completion: one per attendance (a session is completed once). */
export const assessmentReminderKey = (enrolmentId: string) => `${MailKind.ASSESSMENT_REMINDER}.${enrolmentId}`;
export const followUpSurveyKey = (enrolmentId: string) => `${MailKind.FOLLOW_UP_SURVEY}.${enrolmentId}`;
export const issueCertificateKey = (enrolmentId: string) => `certificate.${enrolmentId}`;

/**
 * Decides, from an event alone, who is told what. Reminders are planned at each offset before the start whose
 * moment comes after the event (a delegate confirmed two hours before a session gets the one-hour reminder, not
 * three at once); a moment that passes while no worker runs is still handled when one comes back.
 */
export function planNotifications(event: OutboxEventJobData, timing: NotificationTiming): NotificationPlan {
  const offsetsMs = timing.reminderOffsetsMs;
  const plan: NotificationPlan = { mails: [], addReminders: [], removeReminders: [], jobs: [] };
  const mail = <K extends MailKind>(kind: K, to: Recipient, data: Extract<MailRequest, { kind: K }>['data']) => {
    plan.mails.push({
      key: mailKey(kind, event.eventId, to.userId),
      request: { kind, to, data, occurredAt: event.occurredAt } as MailRequest,
    });
  };
  const remind = (enrolmentId: string, session: SessionSnapshot) => {
    const start = Date.parse(session.startsAt);
    for (const offsetMs of offsetsMs) {
      const dueAt = start - offsetMs;
      if (dueAt <= Date.parse(event.occurredAt)) continue;
      plan.addReminders.push({
        key: reminderKey(enrolmentId, session.startsAt, offsetMs),
        dueAt,
        data: { enrolmentId, sessionId: session.id, startsAt: session.startsAt, offsetMs },
      });
    }
  };
  const withdraw = (enrolmentId: string, startsAt: string) => {
    for (const offsetMs of offsetsMs) plan.removeReminders.push(reminderKey(enrolmentId, startsAt, offsetMs));
  };

  switch (event.type) {
    case OutboxEventType.ENROLMENT_CONFIRMED:
    case OutboxEventType.ENROLMENT_PROMOTED: {
      const { delegate, session, enrolment } = event.payload;
      const kind =
        event.type === OutboxEventType.ENROLMENT_CONFIRMED ? MailKind.ENROLMENT_CONFIRMED : MailKind.ENROLMENT_PROMOTED;
      mail(kind, delegate, { session, enrolment });
      remind(enrolment.id, session);
      break;
    }
    case OutboxEventType.ENROLMENT_WAITLISTED: {
      const { delegate, session, enrolment } = event.payload;
      mail(MailKind.ENROLMENT_WAITLISTED, delegate, { session, enrolment });
      break;
    }
    case OutboxEventType.ENDORSEMENT_REQUESTED: {
      const { delegate, session, enrolment, party, endorsers } = event.payload;
      for (const endorser of endorsers) {
        mail(MailKind.ENDORSEMENT_REQUESTED, endorser, { session, enrolment, delegate, party });
      }
      break;
    }
    case OutboxEventType.ENROLMENT_DECLINED: {
      const { delegate, session, enrolment, previousStatus, reason } = event.payload;
      mail(MailKind.ENROLMENT_DECLINED, delegate, { session, enrolment, previousStatus, reason: reason ?? null });
      withdraw(enrolment.id, session.startsAt);
      break;
    }
    case OutboxEventType.ENROLMENT_CANCELLED: {
      const { delegate, session, enrolment, previousStatus, by } = event.payload;
      const byDelegate = by?.userId === delegate.userId;
      mail(MailKind.ENROLMENT_CANCELLED, delegate, { session, enrolment, previousStatus, byDelegate });
      withdraw(enrolment.id, session.startsAt);
      break;
    }
    case OutboxEventType.SESSION_RESCHEDULED: {
      const { session, previous, recipients } = event.payload;
      for (const r of recipients) {
        mail(MailKind.SESSION_RESCHEDULED, r, { session, previous, enrolmentStatus: r.enrolmentStatus });
        withdraw(r.enrolmentId, previous.startsAt);
        if (r.enrolmentStatus === 'CONFIRMED') remind(r.enrolmentId, session);
      }
      break;
    }
    case OutboxEventType.SESSION_CANCELLED: {
      const { session, reason, recipients } = event.payload;
      for (const r of recipients) {
        const previousStatus = r.previousStatus ?? r.enrolmentStatus;
        mail(MailKind.SESSION_CANCELLED, r, { session, reason, previousStatus });
        withdraw(r.enrolmentId, session.startsAt);
      }
      break;
    }
    case OutboxEventType.MATERIAL_PUBLISHED: {
      const { material, recipients } = event.payload;
      for (const r of recipients) mail(MailKind.MATERIAL_PUBLISHED, r, { material });
      break;
    }
    case OutboxEventType.ENROLMENTS_EXPIRED: {
      // Waitlisted and pending delegates held no seat: they have no reminders to withdraw and no calendar entry.
      const { session, cause, recipients, materials, nextSessions } = event.payload;
      for (const r of recipients) {
        mail(MailKind.ENROLMENT_EXPIRED, r, {
          session,
          cause,
          previousStatus: r.previousStatus,
          materials,
          nextSessions,
        });
      }
      break;
    }
    case OutboxEventType.CERTIFICATE_REVOKED: {
      const { certificate, holder, reason } = event.payload;
      mail(MailKind.CERTIFICATE_REVOKED, holder, { certificate, reason });
      break;
    }
    case OutboxEventType.SESSION_COMPLETED: {
      // Attendees get the post-course assessment now, a reminder before it is due, the follow-up survey later.
      const { session, attendees } = event.payload;
      const completedAt = Date.parse(event.occurredAt);
      const dueAt = completedAt + timing.assessmentDueMs;
      const modules = session.modules.map((m) => ({ code: m.code, title: m.title, passMark: m.passMark ?? 70 }));
      for (const a of attendees) {
        const data = { enrolmentId: a.enrolmentId, sessionId: session.id };
        const stillToPass = a.enrolmentStatus === 'ATTENDED';
        if (stillToPass)
          mail(MailKind.ASSESSMENT_INVITATION, a, { session, modules, dueAt: new Date(dueAt).toISOString() });
        const reminderAt = dueAt - timing.assessmentReminderBeforeMs;
        if (stillToPass && reminderAt > completedAt) {
          plan.jobs.push({
            name: JobName.SendAssessmentReminderJob,
            key: assessmentReminderKey(a.enrolmentId),
            dueAt: reminderAt,
            data: { ...data, dueAt: new Date(dueAt).toISOString() },
          });
        }
        plan.jobs.push({
          name: JobName.SendFollowUpSurveyJob,
          key: followUpSurveyKey(a.enrolmentId),
          dueAt: completedAt + timing.followUpAfterMs,
          data: { ...data, completedAt: event.occurredAt },
        });
      }
      break;
    }
    case OutboxEventType.EMAIL_VERIFICATION_REQUESTED: {
      // A job of its own, not a plain e-mail: it makes the link's token when it sends (see SendEmailVerificationJob).
      const { account } = event.payload;
      plan.jobs.push({
        name: JobName.SendEmailVerificationJob,
        key: mailKey(MailKind.EMAIL_VERIFICATION, event.eventId, account.userId),
        dueAt: Date.parse(event.occurredAt),
        data: { userId: account.userId, occurredAt: event.occurredAt },
      });
      break;
    }
    case OutboxEventType.PASSWORD_RESET_REQUESTED: {
      // Like the confirmation: the job makes the link's token when it sends (see SendPasswordResetJob).
      const { account } = event.payload;
      plan.jobs.push({
        name: JobName.SendPasswordResetJob,
        key: mailKey(MailKind.PASSWORD_RESET, event.eventId, account.userId),
        dueAt: Date.parse(event.occurredAt),
        data: { userId: account.userId, occurredAt: event.occurredAt },
      });
      break;
    }
    case OutboxEventType.REGISTRATION_ATTEMPTED: {
      const { account } = event.payload;
      mail(MailKind.REGISTRATION_ATTEMPT, account, { attemptedAt: event.occurredAt });
      break;
    }
    case OutboxEventType.ENROLMENT_COMPLETED: {
      const { enrolmentId } = event.payload;
      plan.jobs.push({
        name: JobName.IssueCertificateJob,
        key: issueCertificateKey(enrolmentId),
        dueAt: Date.parse(event.occurredAt),
        data: { enrolmentId },
      });
      break;
    }
  }
  return plan;
}
