import { randomBytes } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { JobName } from './job-payloads';
import { JobQueues } from './job-queues';
import { QueueName } from './queue-names';

/** Against the real Redis of the machine, under a prefix of its own. */
describe('JobQueues', () => {
  const prefix = `unit-${randomBytes(4).toString('hex')}`;
  const queues = new JobQueues({
    redisUrl: 'redis://127.0.0.1:6379',
    prefix,
    deploymentId: '6f1c1a52-0b7e-4d43-9a53-0c1f3d2b9e10',
    mailAttempts: 1,
    mailBackoffMs: 10,
  });
  let worker: Worker | undefined;

  afterAll(async () => {
    await worker?.close();
    const reminders = queues.queue(QueueName.REMINDERS);
    await reminders.obliterate({ force: true }).catch(() => undefined);
    await Promise.all(queues.all().map((q) => q.close()));
  });

  it("keeps the reminders' finished jobs when the scheduled sweep in their queue finishes", async () => {
    const reminders = queues.queue(QueueName.REMINDERS);
    const ids = Array.from({ length: 150 }, (_, i) => `reminder-${i}`);
    await queues.enqueueMany(
      ids.map((jobId) => ({
        name: JobName.SendReminderJob,
        data: { enrolmentId: jobId, sessionId: 's', startsAt: new Date(0).toISOString(), offsetMs: 3600_000 },
        opts: { jobId },
      })),
    );
    // The first 120 complete, the last 30 fail (kept until handled: the queue's removeOnFail is false).
    const seen = new Set<string>();
    worker = new Worker(
      QueueName.REMINDERS,
      async (job: Job) => {
        seen.add(job.name);
        if (job.name === JobName.SendReminderJob && Number(job.id!.split('-')[1]) >= 120) throw new Error('refused');
      },
      { connection: { url: 'redis://127.0.0.1:6379', maxRetriesPerRequest: null }, prefix, concurrency: 10 },
    );
    const until = async (what: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await until(async () => (await reminders.getCompletedCount()) + (await reminders.getFailedCount()) >= 150);

    await queues.schedule(JobName.ExpireStartedEnrolmentsJob, {}, 100);
    const sweepsDone = async () =>
      (await reminders.getCompleted(0, -1)).filter((j) => j.name === JobName.ExpireStartedEnrolmentsJob).length;
    await until(async () => (await sweepsDone()) >= 3);
    expect(await sweepsDone()).toBeGreaterThanOrEqual(3);

    // With the sweep's old { count: 100 } the completed set was cut to the newest 100, reminders' records included.
    const completed = new Set((await reminders.getCompleted(0, -1)).map((j) => j.id));
    const failed = new Set((await reminders.getFailed(0, -1)).map((j) => j.id));
    expect(ids.slice(0, 120).filter((id) => !completed.has(id))).toEqual([]);
    expect(ids.slice(120).filter((id) => !failed.has(id))).toEqual([]);
    // A reminder added again while its record is kept is turned away, as before.
    await queues.enqueue(
      JobName.SendReminderJob,
      { enrolmentId: 'again', sessionId: 's', startsAt: '', offsetMs: 0 },
      { jobId: ids[0] },
    );
    expect((await reminders.getJob(ids[0]))?.data.enrolmentId).toBe(ids[0]);
  });
});
