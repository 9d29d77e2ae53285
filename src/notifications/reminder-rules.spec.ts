import { FixedClock } from '../clock/clock';
import { reminderVerdict, type ReminderCheck } from './reminder-rules';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The default REMINDER_OFFSETS: 7 days, 1 day and 1 hour before the start. */
const OFFSETS = [7 * DAY, DAY, HOUR];
const START = '2030-03-04T09:00:00.000Z';
const start = Date.parse(START);

const facts = (over: Partial<ReminderCheck> = {}): ReminderCheck => ({
  enrolmentStatus: 'CONFIRMED',
  session: { status: 'SCHEDULED', startsAt: START },
  delegate: { disabledAt: null },
  ...over,
});
const planned = (offsetMs: number, startsAt = START) => ({ startsAt, offsetMs });

describe('reminderVerdict', () => {
  let clock: FixedClock;
  beforeEach(() => {
    clock = new FixedClock(new Date(start - DAY));
  });
  const verdict = (offsetMs: number, check: ReminderCheck | null = facts()) =>
    reminderVerdict(planned(offsetMs), check, OFFSETS, clock.nowMs());

  it('sends a reminder at its moment to a confirmed delegate of a scheduled session', () => {
    expect(verdict(DAY)).toBe('SEND');
    clock.set(new Date(start - 7 * DAY));
    expect(verdict(7 * DAY)).toBe('SEND');
    clock.set(new Date(start - HOUR));
    expect(verdict(HOUR)).toBe('SEND');
  });

  it('drops it when the enrolment is gone or no longer CONFIRMED', () => {
    expect(verdict(DAY, null)).toBe('DROPPED_NOT_CONFIRMED');
    for (const status of ['PENDING_ENDORSEMENT', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'EXPIRED']) {
      expect(verdict(DAY, facts({ enrolmentStatus: status }))).toBe('DROPPED_NOT_CONFIRMED');
    }
  });

  it('drops it when the session is no longer scheduled', () => {
    for (const status of ['CANCELLED', 'COMPLETED']) {
      expect(verdict(DAY, facts({ session: { status, startsAt: START } }))).toBe('DROPPED_SESSION_NOT_SCHEDULED');
    }
  });

  it('drops a reminder planned for a start the session has left, and sends the one planned for the new start', () => {
    const newStart = '2030-03-05T09:00:00.000Z';
    const moved = facts({ session: { status: 'SCHEDULED', startsAt: newStart } });
    expect(reminderVerdict(planned(DAY), moved, OFFSETS, clock.nowMs())).toBe('DROPPED_MOVED');
    // The reschedule planned the reminders again for the new start: the one-day reminder of the new start is due a
    // day later, and the old one stays dropped then too.
    clock.set(new Date(Date.parse(newStart) - DAY));
    expect(reminderVerdict(planned(DAY, newStart), moved, OFFSETS, clock.nowMs())).toBe('SEND');
    expect(reminderVerdict(planned(DAY), moved, OFFSETS, clock.nowMs())).toBe('DROPPED_MOVED');
    // The same instant written another way is the same start.
    const sameInstant = facts({ session: { status: 'SCHEDULED', startsAt: '2030-03-04T10:00:00+01:00' } });
    clock.set(new Date(start - DAY));
    expect(reminderVerdict(planned(DAY), sameInstant, OFFSETS, clock.nowMs())).toBe('SEND');
  });

  it('drops it exactly at the start and after, and sends it a millisecond before', () => {
    clock.set(new Date(start - 1));
    expect(verdict(HOUR)).toBe('SEND');
    clock.advance(1);
    expect(verdict(HOUR)).toBe('DROPPED_STARTED');
    clock.advance(DAY);
    expect(verdict(HOUR)).toBe('DROPPED_STARTED');
    expect(verdict(7 * DAY)).toBe('DROPPED_STARTED');
  });

  it('still sends a reminder whose moment passed while no worker ran, until a later reminder is due too', () => {
    // The 7-day reminder, checked three days late: the 1-day moment has not come, so it goes out.
    clock.set(new Date(start - 4 * DAY));
    expect(verdict(7 * DAY)).toBe('SEND');
    // A millisecond before the 1-day moment: still sent.
    clock.set(new Date(start - DAY - 1));
    expect(verdict(7 * DAY)).toBe('SEND');
    // Exactly at the 1-day moment: that one is due, so only it goes out.
    clock.advance(1);
    expect(verdict(7 * DAY)).toBe('DROPPED_SUPERSEDED');
    expect(verdict(DAY)).toBe('SEND');
    // Both overdue by the 1-hour moment: only the last goes out.
    clock.set(new Date(start - 30 * 60_000));
    expect(verdict(7 * DAY)).toBe('DROPPED_SUPERSEDED');
    expect(verdict(DAY)).toBe('DROPPED_SUPERSEDED');
    expect(verdict(HOUR)).toBe('SEND');
  });

  it('looks only at the offsets configured now, and only at later ones', () => {
    clock.set(new Date(start - HOUR));
    expect(reminderVerdict(planned(DAY), facts(), [DAY], clock.nowMs())).toBe('SEND');
    expect(reminderVerdict(planned(HOUR), facts(), [7 * DAY, DAY, HOUR], clock.nowMs())).toBe('SEND');
  });

  it('drops it for a disabled account, after the checks of the enrolment and the session', () => {
    const disabled = { disabledAt: new Date(start - 2 * DAY) };
    expect(verdict(DAY, facts({ delegate: disabled }))).toBe('DROPPED_NOT_CONFIRMED');
    clock.set(new Date(start));
    expect(verdict(DAY, facts({ delegate: disabled }))).toBe('DROPPED_STARTED');
  });

  it('checks in order: enrolment, session status, start moved, started, superseded', () => {
    clock.set(new Date(start + HOUR));
    const moved = { status: 'CANCELLED', startsAt: '2030-03-05T09:00:00.000Z' };
    expect(verdict(DAY, facts({ enrolmentStatus: 'CANCELLED', session: moved }))).toBe('DROPPED_NOT_CONFIRMED');
    expect(verdict(DAY, facts({ session: moved }))).toBe('DROPPED_SESSION_NOT_SCHEDULED');
    expect(verdict(DAY, facts({ session: { ...moved, status: 'SCHEDULED' } }))).toBe('DROPPED_MOVED');
    expect(verdict(DAY)).toBe('DROPPED_STARTED');
  });
});
