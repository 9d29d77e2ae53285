import { CANCEL_ENROLMENT } from './support/enrolment-fixtures';
import { aDelegate, aWebinar, anEnrolment } from './support/factories';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { TestApp } from './support/test-app';

const RESCHEDULE = `mutation R($id: ID!, $s: DateTime!, $e: DateTime!) { rescheduleSession(id: $id, startsAt: $s, endsAt: $e) { id } }`;
const CANCEL_SESSION = `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id status } }`;

const iso = (ms: number) => new Date(ms).toISOString();
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

/** A reminder's Message-ID is `SESSION_REMINDER.<enrolment>.<start ms>.<offset ms>@host`. */
function reminderParts(mail: ReceivedMail): { enrolment: string; start: number; offset: number } {
  const [, enrolment, start, offset] = mail.messageId.split('@')[0].split('.');
  return { enrolment, start: Number(start), offset: Number(offset) };
}

const remindersTo = (mails: ReceivedMail[], address: string) =>
  mails.filter((m) => m.kind === 'SESSION_REMINDER' && m.to === address).sort((a, b) => a.receivedAt - b.receivedAt);

describe('reminders at REMINDER_OFFSETS before the start (offsets of seconds)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: string;
  const env = (sink: SmtpSink) => ({
    SMTP_URL: sink.url,
    SEED_DEMO: 'false',
    REMINDER_OFFSETS: 'PT6S,PT4S,PT2S',
    OUTBOX_POLL_INTERVAL: 'PT0.05S',
    MAIL_RETRY_BACKOFF: 'PT0.2S',
  });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ ...env(sink), PROCESS_ROLE: 'all' });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const webinarAt = async (start: number, title: string) =>
    (await aWebinar(t, admin, { title, startsAt: iso(start), endsAt: iso(start + 3600_000) })).id;

  it('go to confirmed delegates in order and before the start; a reschedule moves them, cancellations remove them', async () => {
    const [kept, cancelsOwn, moved, sessionCancelled, waitlisted] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => aDelegate(t)),
    );
    const start = Date.now() + 12_000;
    const a = await webinarAt(start, 'Reminder A');
    const b = await webinarAt(start, 'Reminder B');
    const c = await webinarAt(start, 'Reminder C');
    const full = await webinarAt(start, 'Reminder full');
    await t.gql(`mutation { setCapacity(id: "${full}", capacity: 1) { id } }`, {}, admin);

    const keptInA = (await anEnrolment(t, a, kept)).id;
    const own = (await anEnrolment(t, a, cancelsOwn)).id;
    await t.gql(CANCEL_ENROLMENT, { id: own }, cancelsOwn.token);
    await anEnrolment(t, b, moved);
    const newStart = start + 7_000; // its reminders at start + 1 s, 3 s and 5 s: all after the old start
    await t.gql(RESCHEDULE, { id: b, s: iso(newStart), e: iso(newStart + 3600_000) }, admin);
    await anEnrolment(t, c, sessionCancelled);
    await t.gql(CANCEL_SESSION, { id: c, r: 'Trainer unavailable' }, admin);
    const keptInFull = (await anEnrolment(t, full, kept)).id;
    const onList = await anEnrolment(t, full, waitlisted);
    expect(onList.status).toBe('WAITLISTED');

    // The last reminder is due at newStart - 2 s: wait for the nine expected (no longer than until newStart + 1 s),
    // then for quiet, instead of sleeping past the start.
    await sink.waitFor(
      (m) => remindersTo(m, kept.user.email).length >= 6 && remindersTo(m, moved.user.email).length >= 3,
      newStart + 1000 - Date.now(),
      'six reminders to the kept delegate and three at the new time',
    );
    const mails = await sink.settle(500);

    const toKept = remindersTo(mails, kept.user.email);
    // Three for session A and three for the full session, each series in offset order and before its start.
    for (const enrolment of [keptInA, keptInFull]) {
      const series = toKept.filter((m) => reminderParts(m).enrolment === enrolment);
      expect(series.map((m) => reminderParts(m).offset)).toEqual([6000, 4000, 2000]);
      for (const m of series) {
        expect(m.receivedAt).toBeLessThan(start);
        expect(m.receivedAt).toBeGreaterThanOrEqual(start - 6000 - 50);
      }
    }
    expect(toKept).toHaveLength(6);

    const toMoved = remindersTo(mails, moved.user.email);
    expect(toMoved.map((m) => [reminderParts(m).start, reminderParts(m).offset])).toEqual([
      [newStart, 6000],
      [newStart, 4000],
      [newStart, 2000],
    ]);
    for (const m of toMoved) {
      expect(m.receivedAt).toBeGreaterThan(start); // none at the old time (the old start was before the first new one)
      expect(m.receivedAt).toBeLessThan(newStart);
    }
    expect(remindersTo(mails, cancelsOwn.user.email)).toHaveLength(0);
    expect(remindersTo(mails, sessionCancelled.user.email)).toHaveLength(0);
    expect(remindersTo(mails, waitlisted.user.email)).toHaveLength(0);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
  });

  it('sends a reminder whose moment passed while no worker ran if the session has not started, and drops it if it has', async () => {
    sink.clear();
    // An API alone takes the enrolments; the outbox holds their events until a worker process comes.
    const api = await TestApp.start({ ...env(sink), PROCESS_ROLE: 'api', REMINDER_OFFSETS: 'PT8S,PT3S' });
    let worker: TestApp | null = null;
    try {
      const apiAdmin = await api.adminToken();
      const [early, late] = await Promise.all([aDelegate(api), aDelegate(api)]);
      // Which of these reminders goes out is the rule of reminder-rules.ts (unit-tested on a FixedClock); here the
      // real delays: the worker comes after one reminder's moment and a session's start, before the other's moment.
      const now = Date.now();
      const notYetStarted = now + 13_000; // reminders due at +5 s and +10 s
      const startedMeanwhile = now + 6_000; // reminder due at +3 s
      const schedule = async (start: number, title: string) =>
        (await aWebinar(api, apiAdmin, { title, startsAt: iso(start), endsAt: iso(start + 3600_000) })).id;
      const s1 = await schedule(notYetStarted, 'Late but in time');
      const s2 = await schedule(startedMeanwhile, 'Too late');
      await anEnrolment(api, s1, early);
      await anEnrolment(api, s2, late);

      await sleepUntil(now + 6_500); // +5 s (s1's first) and +3 s (s2's) have passed; s2 has started
      expect(remindersTo(await sink.messages(), early.user.email)).toHaveLength(0);
      worker = await TestApp.start(
        { ...env(sink), PROCESS_ROLE: 'worker', REMINDER_OFFSETS: 'PT8S,PT3S' },
        { sameDatabaseAs: api },
      );

      await sink.waitFor(
        (m) => remindersTo(m, early.user.email).length >= 2,
        notYetStarted + 500 - Date.now(),
        'both reminders of the session not yet started',
      );
      const mails = await sink.settle(500);
      const toEarly = remindersTo(mails, early.user.email);
      expect(toEarly.map((m) => reminderParts(m).offset)).toEqual([8000, 3000]);
      for (const m of toEarly) expect(m.receivedAt).toBeLessThan(notYetStarted);
      expect(remindersTo(mails, late.user.email)).toHaveLength(0);
      expect(mails.filter((m) => m.to === late.user.email).map((m) => m.kind)).toEqual(['ENROLMENT_CONFIRMED']);
    } finally {
      await worker?.close();
      await api.close();
    }
  });
});
