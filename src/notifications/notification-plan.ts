import { MailKind } from '@lib/mailer';
import {
  OutboxEventType,
  type MailRequest,
  type OutboxEventJobData,
  type Recipient,
  type ReminderJobData,
  type SessionSnapshot,
} from '@lib/queue';

/** What one outbox event turns into: e-mails now, reminders to plan, reminders to withdraw. */
export interface NotificationPlan {
  mails: { key: string; request: MailRequest }[];
  addReminders: { key: string; dueAt: number; data: ReminderJobData }[];
  /** Keys of reminder jobs no longer wanted. */
  removeReminders: string[];
}

/** The ledger key (and job id) of an e-mail: kind, occurrence (the outbox event) and recipient. */
export function mailKey(kind: MailKind, eventId: string, userId: string): string {
  return `${kind}.${eventId}.${userId}`;
}

/** The ledger key (and job id) of a reminder: enrolment, planned start and offset. */
export function reminderKey(enrolmentId: string, startsAt: string, offsetMs: number): string {
  return `${MailKind.SESSION_REMINDER}.${enrolmentId}.${Date.parse(startsAt)}.${offsetMs}`;
}

/**
 * Decides, from an event alone, who is told what. Reminders are planned at each offset before the start whose
 * moment comes after the event (a delegate confirmed two hours before a session gets the one-hour reminder, not
 * three at once); a moment that passes while no worker runs is still handled when one comes back.
 */
export function planNotifications(event: OutboxEventJobData, offsetsMs: number[]): NotificationPlan {
  const plan: NotificationPlan = { mails: [], addReminders: [], removeReminders: [] };
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
      const { delegate, session, enrolment, previousStatus } = event.payload;
      mail(MailKind.ENROLMENT_DECLINED, delegate, { session, enrolment, previousStatus });
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
    case OutboxEventType.SESSION_COMPLETED:
      // The post-course assessment invitations belong to the assessments feature.
      break;
  }
  return plan;
}
