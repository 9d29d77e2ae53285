import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { JobQueues, OutboxRelay, QueueName } from '@lib/queue';
import { OutboxService } from '../src/outbox/outbox.service';
import { Role } from '../src/auth/role.enum';
import { REDIS } from '../src/redis/redis.module';
import { ENROL, manyUsers, SCHEDULE_WEBINAR, webinarInput } from './support/enrolment-fixtures';
import { LogCapture } from './support/log-capture';
import { SmtpSink, workersMailingTo } from './support/smtp-sink';
import { must, TestApp } from './support/test-app';

/**
 * Issue #13, point 7: two platforms on one Redis (a test instance beside a real one, two developers' instances) each
 * send their own e-mail and nobody else's. By default each deployment's queues live under a namespace of its own
 * (REDIS_PREFIX derived from the deployment id); forced onto one namespace, a worker refuses the other's jobs.
 */

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A webinar and `n` delegates enrolled in it (each enrolment: one confirmation e-mail through the queues). */
async function enrolDelegates(t: TestApp, n: number): Promise<string[]> {
  const admin = await t.adminToken();
  const webinar = must(
    await t.gql(SCHEDULE_WEBINAR, { input: webinarInput({ capacity: 50 }) }, admin),
    'scheduleWebinar',
  ).id;
  const delegates = await manyUsers(t, n, [Role.DELEGATE]);
  for (const d of delegates) must(await t.gql(ENROL, { s: webinar }, d.token), 'enrol');
  return delegates.map((d) => d.user.email.toLowerCase());
}

/** The Message-IDs of the messages a platform's ledger says it sent. */
async function sentMessageIds(t: TestApp): Promise<string[]> {
  const rows: { message_id: string }[] = await t.db.query(`SELECT message_id FROM mail_delivery WHERE status = 'SENT'`);
  return rows.map((r) => r.message_id.replace(/^<|>$/g, '')).sort();
}

describe('two deployments on one Redis', () => {
  const log = new LogCapture();

  describe('with the default REDIS_PREFIX', () => {
    let sinks: SmtpSink[] = [];
    let apps: TestApp[] = [];

    beforeAll(async () => {
      sinks = [await SmtpSink.start(), await SmtpSink.start()];
      // REDIS_PREFIX '' is unset: the namespace comes from each database's deployment id, as on a default start.
      for (const [i, sink] of sinks.entries()) {
        apps.push(
          await TestApp.start(
            { ...workersMailingTo(sink, `https://lms-${i}.example.org`), REDIS_PREFIX: '' },
            { logTo: log },
          ),
        );
      }
    }, 120_000);
    afterAll(async () => {
      for (const app of apps) await app.close();
      for (const sink of sinks) await sink.close();
      apps = [];
    });

    it('puts each deployment under its own namespace and has each one send exactly its own messages', async () => {
      const [a, b] = apps;
      expect(a.config.redisPrefix).toMatch(/^lms:[0-9a-f]{12}$/);
      expect(b.config.redisPrefix).toMatch(/^lms:[0-9a-f]{12}$/);
      expect(a.config.redisPrefix).not.toBe(b.config.redisPrefix);
      expect(a.config.redisPrefix).toBe(`lms:${a.config.deploymentId.replace(/-/g, '').slice(0, 12)}`);
      const mark = log.mark();

      // Both at once, so that the two deployments' workers are busy at the same moment.
      const [toA, toB] = await Promise.all([enrolDelegates(a, 12), enrolDelegates(b, 12)]);
      await Promise.all([
        sinks[0].waitFor((m) => m.length >= 12, 30_000, "A's 12 confirmations"),
        sinks[1].waitFor((m) => m.length >= 12, 30_000, "B's 12 confirmations"),
      ]);
      const [mailsA, mailsB] = await Promise.all(sinks.map((s) => s.settle(1500)));

      expect(mailsA.map((m) => m.to).sort()).toEqual([...toA].sort());
      expect(mailsB.map((m) => m.to).sort()).toEqual([...toB].sort());
      expect([...mailsA, ...mailsB].every((m) => m.kind === 'ENROLMENT_CONFIRMED')).toBe(true);
      // Every message a sink received is one its own deployment's ledger sent, and the other way round.
      expect(mailsA.map((m) => m.messageId).sort()).toEqual(await sentMessageIds(a));
      expect(mailsB.map((m) => m.messageId).sort()).toEqual(await sentMessageIds(b));

      // The queues really are apart in Redis, and nothing was refused (no job went to the other deployment).
      const redis = a.app.get<Redis>(REDIS);
      for (const t of [a, b]) expect((await redis.keys(`${t.config.redisPrefix}:mail:*`)).length).toBeGreaterThan(0);
      expect(log.since(mark).filter((l) => l.includes('belongs to deployment'))).toEqual([]);
    }, 90_000);
  });

  describe('forced onto one REDIS_PREFIX', () => {
    const shared = `lms_shared_${randomBytes(4).toString('hex')}`;
    let sink: SmtpSink;
    let producer: TestApp;
    let worker: TestApp;

    beforeAll(async () => {
      sink = await SmtpSink.start();
      // One deployment with the API only (its outbox relayed by the test, below), another with workers and SMTP.
      producer = await TestApp.start({ REDIS_PREFIX: shared, SEED_DEMO: 'false' }, { logTo: log });
      worker = await TestApp.start(
        { ...workersMailingTo(sink, 'https://lms-worker.example.org'), REDIS_PREFIX: shared },
        { logTo: log },
      );
    }, 120_000);
    afterAll(async () => {
      await producer?.close();
      await worker?.close();
      await sink?.close();
    });

    it("has a worker refuse another deployment's job, logged, without sending its e-mail", async () => {
      expect(producer.config.redisPrefix).toBe(shared);
      expect(worker.config.redisPrefix).toBe(shared);
      expect(producer.config.deploymentId).not.toBe(worker.config.deploymentId);
      const mark = log.mark();

      const [delegate] = await enrolDelegates(producer, 1);
      const [event] = await producer.db.query(`SELECT id FROM outbox_event WHERE dispatched_at IS NULL`);
      // The producer's own relay, as its worker process would run it: the job goes to the shared queue.
      const queues = producer.app.get(JobQueues);
      const relay = new OutboxRelay(producer.app.get(OutboxService), queues, quiet, {
        batchSize: 50,
        pollMs: 50,
        maxBackoffMs: 1000,
      });
      expect(await relay.relayOnce()).toBe(1);

      const job = (await queues.queue(QueueName.OUTBOX).getJob(event.id))!;
      expect(job.data.deploymentId).toBe(producer.config.deploymentId);
      for (let i = 0; i < 100 && !(await job.isFailed()); i++) await new Promise((r) => setTimeout(r, 100));
      const failed = (await queues.queue(QueueName.OUTBOX).getJob(event.id))!;
      expect(await failed.isFailed()).toBe(true);
      expect(failed.failedReason).toBe(
        `job of deployment ${producer.config.deploymentId} refused by deployment ${worker.config.deploymentId}`,
      );
      expect(failed.attemptsMade).toBe(1); // failed at once, not retried

      const refusals = log.entries(mark).filter((e) => e.level === 50 && /belongs to deployment/.test(e.msg));
      expect(refusals).toEqual([
        expect.objectContaining({
          queue: QueueName.OUTBOX,
          jobId: event.id,
          jobDeploymentId: producer.config.deploymentId,
          deploymentId: worker.config.deploymentId,
        }),
      ]);

      // The worker's own deployment is served as usual on the same queues, and nothing of the producer's went out.
      const [own] = await enrolDelegates(worker, 1);
      const mails = await sink.waitFor(
        (m) => m.some((x) => x.to === own),
        30_000,
        "the worker deployment's own confirmation",
      );
      await sink.settle(1000);
      expect(mails.map((m) => m.to)).not.toContain(delegate);
      expect(sink.received.map((m) => m.to)).toEqual([own]);
      expect(
        await worker.db.query(`SELECT count(*)::int AS n FROM mail_delivery WHERE recipient_email = $1`, [delegate]),
      ).toEqual([{ n: 0 }]);
    }, 90_000);
  });
});
