import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Role } from '../src/auth/role.enum';
import { ENROL, SCHEDULE_WEBINAR, manyUsers, webinarInput } from './support/enrolment-fixtures';
import { runServer, type ServerProcess } from './support/server-process';
import { SmtpSink, type ReceivedMail } from './support/smtp-sink';
import { TestApp, must } from './support/test-app';

const DELIVERIES = `query D($s: MailDeliveryStatus, $e: String) { mailDeliveries(status: $s, recipientEmail: $e, first: 100) { totalCount edges { node { id kind status attempts lastError recipientEmail } } } }`;
const RETRY = `mutation R($id: ID!) { retryMailDelivery(id: $id) { id status } }`;

const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many times each Message-ID arrived. */
function arrivals(mails: ReceivedMail[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const m of mails) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
  return seen;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis server of the test's own, so it can be stopped and started again without touching anyone else's. */
class OwnRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100; i++) {
      if (await this.answers()) return;
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const probe = spawn('redis-cli', ['-p', String(this.port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      probe.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      probe.on('exit', () => resolve(out.trim() === 'PONG'));
    });
  }
}

describe('fault tests: no message lost, none sent twice', () => {
  it('a worker killed with SIGKILL in the middle of 1,000 reminders: after a restart (two workers) each is delivered exactly once', async () => {
    const sink = await SmtpSink.start();
    const api = await TestApp.start({ SEED_DEMO: 'false', SMTP_URL: sink.url });
    const workers: ServerProcess[] = [];
    try {
      const admin = await api.adminToken();
      const start = Date.now() + 150_000;
      const sessions: string[] = [];
      for (let i = 0; i < 10; i++) {
        const input = webinarInput({
          title: `Reminder load ${i}`,
          startsAt: iso(start),
          endsAt: iso(start + 3600_000),
          capacity: 100,
        });
        sessions.push(must(await api.gql(SCHEDULE_WEBINAR, { input }, admin), 'scheduleWebinar').id);
      }
      const delegates = await manyUsers(api, 1000, [Role.DELEGATE]);
      const enrolmentIds = new Set<string>();
      for (let i = 0; i < delegates.length; i += 50) {
        const batch = delegates.slice(i, i + 50);
        const results = await Promise.all(batch.map((d, j) => api.gql(ENROL, { s: sessions[(i + j) % 10] }, d.token)));
        for (const r of results) {
          const e = must(r, 'enrol');
          expect(e.status).toBe('CONFIRMED');
          enrolmentIds.add(e.id);
        }
      }
      expect(enrolmentIds.size).toBe(1000);

      // The reminders fall due 15 s from now, well before the sessions start.
      const offsetSeconds = Math.floor((start - Date.now() - 15_000) / 1000);
      const workerEnv = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        PORT: '0',
        PROCESS_ROLE: 'worker',
        DATABASE_URL: api.config.databaseUrl,
        REDIS_URL: api.config.redisUrl,
        REDIS_PREFIX: api.config.redisPrefix,
        SMTP_URL: sink.url,
        SEED_DEMO: 'false',
        REMINDER_OFFSETS: `PT${offsetSeconds}S`,
        JOB_LOCK_DURATION: 'PT2S',
        MAIL_RETRY_BACKOFF: 'PT0.2S',
        WORKER_CONCURRENCY: '20',
      };
      workers.push(runServer(workerEnv));
      const reminders = (mails: ReceivedMail[]) => mails.filter((m) => m.kind === 'SESSION_REMINDER');
      await sink.waitFor((m) => reminders(m).length >= 300, 90_000, '300 reminders');

      // Kill it mid-run, while its SMTP connections wait for the server's reply: the messages in hand are neither
      // delivered nor recorded as sent, and their jobs are still locked by the dead worker.
      // (A kill in the instant between the server's 250 and the ledger write would make that one message go out
      // again under the same Message-ID, which receiving systems discard; SMTP offers no way to close that gap.)
      sink.holdReplies();
      await sleep(1000);
      workers[0].child.kill('SIGKILL');
      await workers[0].exited;
      sink.dropHeld();
      const delivered = reminders(await sink.messages()).map((m) => m.messageId.split('@')[0]);
      expect(delivered.length).toBeGreaterThanOrEqual(300);
      expect(delivered.length).toBeLessThan(1000);
      const ledgerAtKill: { status: string; n: number }[] = await api.db.query(
        `SELECT status, count(*)::int AS n FROM mail_delivery WHERE key = ANY($1) GROUP BY status`,
        [delivered],
      );
      expect(ledgerAtKill).toEqual([{ status: 'SENT', n: delivered.length }]); // what arrived is recorded as sent
      const unfinished = await api.db.query(
        `SELECT count(*)::int AS n FROM mail_delivery WHERE kind = 'SESSION_REMINDER' AND status = 'SENDING'`,
      );
      expect(unfinished[0].n).toBeGreaterThan(0); // and the kill did cut sends short

      // Two workers come back and share what is left (and the dead one's jobs, once their locks expire).
      workers.push(runServer(workerEnv), runServer(workerEnv));
      const mails = await sink.waitFor(
        (m) => new Set(reminders(m).map((r) => r.messageId)).size >= 1000,
        120_000,
        '1000 reminders',
      );
      await sink.settle(3000);
      const counts = arrivals(reminders(await sink.messages()));
      expect(counts.size).toBe(1000);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      const remindedEnrolments = new Set([...counts.keys()].map((id) => id.split('.')[1]));
      expect(remindedEnrolments).toEqual(enrolmentIds);
      expect(mails.every((m) => m.kind !== 'SESSION_REMINDER' || m.receivedAt < start)).toBe(true);
      const ledger = await api.db.query(
        `SELECT status, count(*)::int AS n FROM mail_delivery WHERE kind = 'SESSION_REMINDER' GROUP BY status`,
      );
      expect(ledger).toEqual([{ status: 'SENT', n: 1000 }]);
      // SIGTERM: the workers finish the jobs in hand and exit cleanly.
      for (const w of workers.slice(1)) {
        w.child.kill('SIGTERM');
        expect(await w.exited).toBe(0);
      }
    } finally {
      for (const w of workers) {
        if (w.child.exitCode === null) {
          w.child.kill('SIGTERM');
          await w.exited;
        }
      }
      await api.close();
      await sink.close();
    }
  }, 300_000);

  it('Redis stopped while delegates enrol: every enrolment succeeds and every message arrives once Redis is back', async () => {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    const sink = await SmtpSink.start();
    const t = await TestApp.start({
      PROCESS_ROLE: 'all',
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      SEED_DEMO: 'false',
      OUTBOX_POLL_INTERVAL: 'PT0.1S',
      MAIL_RETRY_BACKOFF: 'PT0.2S',
    });
    try {
      const admin = await t.adminToken();
      const session = must(
        await t.gql(SCHEDULE_WEBINAR, { input: webinarInput({ capacity: 30 }) }, admin),
        'scheduleWebinar',
      ).id;
      const delegates = await manyUsers(t, 40, [Role.DELEGATE]);

      await redis.stop();
      expect((await fetch(`${t.url}/health`)).status).toBe(503);
      const results = await Promise.all(delegates.map((d) => t.gql(ENROL, { s: session }, d.token)));
      const statuses = results.map((r) => must(r, 'enrol').status);
      expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(30);
      expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(10);
      await sleep(1500); // the relay tries and fails meanwhile
      const waiting = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dispatched_at IS NULL`);
      expect(waiting[0].n).toBe(40);
      expect(sink.received).toHaveLength(0);

      await redis.start();
      const mails = await sink.waitFor((m) => m.length >= 40, 60_000, '40 messages after Redis came back');
      await sink.settle(2000);
      const counts = arrivals(await sink.messages());
      expect(counts.size).toBe(40);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(mails.filter((m) => m.kind === 'ENROLMENT_CONFIRMED')).toHaveLength(30);
      expect(mails.filter((m) => m.kind === 'ENROLMENT_WAITLISTED')).toHaveLength(10);
      const left = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dispatched_at IS NULL`);
      expect(left[0].n).toBe(0);
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    } finally {
      await t.close();
      await sink.close();
      await redis.stop();
    }
  }, 180_000);

  it('the SMTP server answering 421 for a while: every message arrives once; a 550 ends FAILED until the Secretariat retries it', async () => {
    const sink = await SmtpSink.start();
    const t = await TestApp.start({
      PROCESS_ROLE: 'all',
      SMTP_URL: sink.url,
      SEED_DEMO: 'false',
      OUTBOX_POLL_INTERVAL: 'PT0.1S',
      MAIL_RETRY_BACKOFF: 'PT0.3S',
      MAIL_MAX_ATTEMPTS: '8',
    });
    try {
      const admin = await t.adminToken();
      const session = must(
        await t.gql(SCHEDULE_WEBINAR, { input: webinarInput({ capacity: 50 }) }, admin),
        'scheduleWebinar',
      ).id;
      const delegates = await manyUsers(t, 20, [Role.DELEGATE]);
      const refused = await t.user([Role.DELEGATE]);
      let busyUntil = Date.now() + 4000;
      let refuseForGood = true;
      sink.refuseMail = ([to]) => {
        if (to === refused.user.email && refuseForGood) return { code: 550, message: '5.1.1 Mailbox unavailable' };
        return Date.now() < busyUntil ? { code: 421, message: '4.3.2 Service not available, try later' } : null;
      };
      busyUntil = Date.now() + 4000;
      for (const d of [...delegates, refused]) must(await t.gql(ENROL, { s: session }, d.token), 'enrol');

      await sink.waitFor((m) => m.length >= 20, 60_000, '20 confirmations after the busy spell');
      await sink.settle(2000);
      expect(sink.refusals).toBeGreaterThan(20);
      let counts = arrivals(await sink.messages());
      expect(counts.size).toBe(20);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const retried = await t.db.query(
        `SELECT count(*)::int AS n FROM mail_delivery WHERE status = 'SENT' AND attempts > 1`,
      );
      expect(retried[0].n).toBeGreaterThan(0);

      // The refused address: FAILED at once (5xx is not retried), visible to the Secretariat and retryable by it.
      const failed = must(await t.gql(DELIVERIES, { s: 'FAILED' }, admin), 'mailDeliveries');
      expect(failed.totalCount).toBe(1);
      expect(failed.edges[0].node).toMatchObject({
        kind: 'ENROLMENT_CONFIRMED',
        recipientEmail: refused.user.email,
        attempts: 1,
      });
      expect(failed.edges[0].node.lastError).toMatch(/550/);
      const delegateToken = delegates[0].token;
      expect((await t.gql(RETRY, { id: failed.edges[0].node.id }, delegateToken)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      refuseForGood = false;
      must(await t.gql(RETRY, { id: failed.edges[0].node.id }, admin), 'retryMailDelivery');
      await sink.waitFor((m) => m.some((x) => x.to === refused.user.email), 30_000, 'the retried message');
      await sink.settle(1000);
      counts = arrivals(await sink.messages());
      expect(counts.size).toBe(21);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const after = must(await t.gql(DELIVERIES, { e: refused.user.email }, admin), 'mailDeliveries');
      expect(after.edges[0].node.status).toBe('SENT');
      const again = await t.gql(RETRY, { id: failed.edges[0].node.id }, admin);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_FAILED' });
    } finally {
      await t.close();
      await sink.close();
    }
  }, 180_000);
});
