import type { ReminderJobData } from '@lib/queue';

/** Why a reminder that has fallen due is not sent. */
export type ReminderDrop =
  | 'DROPPED_NOT_CONFIRMED'
  | 'DROPPED_SESSION_NOT_SCHEDULED'
  | 'DROPPED_MOVED'
  | 'DROPPED_STARTED'
  | 'DROPPED_SUPERSEDED';

/** What a due reminder is checked against, as it is when the reminder falls due. */
export interface ReminderCheck {
  enrolmentStatus: string;
  session: { status: string; startsAt: string };
  delegate: { disabledAt: Date | null };
}

/**
 * Whether a reminder goes out at `now` (epoch ms), from the facts as they are now (null: the enrolment is gone), in
 * this order: the enrolment still CONFIRMED, the session still scheduled, at the start the reminder was planned for,
 * and not yet started; no later reminder (a smaller offset of `offsetsMs`) due too; the delegate's account not
 * disabled. A reminder whose moment passed while no worker ran is still sent, unless a later one's moment has
 * passed too (then only that one goes out).
 */
export function reminderVerdict(
  reminder: Pick<ReminderJobData, 'startsAt' | 'offsetMs'>,
  facts: ReminderCheck | null,
  offsetsMs: readonly number[],
  now: number,
): ReminderDrop | 'SEND' {
  if (!facts || facts.enrolmentStatus !== 'CONFIRMED') return 'DROPPED_NOT_CONFIRMED';
  const { session, delegate } = facts;
  if (session.status !== 'SCHEDULED') return 'DROPPED_SESSION_NOT_SCHEDULED';
  const start = Date.parse(session.startsAt);
  if (start !== Date.parse(reminder.startsAt)) return 'DROPPED_MOVED';
  if (now >= start) return 'DROPPED_STARTED';
  const laterDue = offsetsMs.some((o) => o < reminder.offsetMs && now >= start - o);
  if (laterDue) return 'DROPPED_SUPERSEDED';
  if (delegate.disabledAt) return 'DROPPED_NOT_CONFIRMED';
  return 'SEND';
}
