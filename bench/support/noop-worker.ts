import { Worker } from 'bullmq';
import { QueueName } from '../../libs/queue/src';

/**
 * P4's baseline worker, run as its own process (`fork`): bullmq Workers on every queue of the platform, with the
 * options WorkerHost gives them, whose jobs do nothing. It tells its parent when it is ready, then when `EXPECT`
 * jobs have completed, with the time of the first and the last completion.
 *
 * Environment: REDIS_URL, REDIS_PREFIX, WORKER_CONCURRENCY, JOB_LOCK_MS, EXPECT.
 */
async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = process.env.REDIS_PREFIX!;
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 10);
  const lockDuration = Number(process.env.JOB_LOCK_MS ?? 30_000);
  const expect = Number(process.env.EXPECT ?? 0);
  let completed = 0;
  let firstAt = 0;
  const workers = Object.values(QueueName).map((queue) => {
    const worker = new Worker(queue, async () => undefined, {
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      prefix,
      concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: 3,
    });
    worker.on('error', (err) => process.stderr.write(`worker ${queue}: ${err.message}\n`));
    worker.on('completed', () => {
      completed++;
      if (completed === 1) firstAt = Date.now();
      if (completed === expect) process.send!({ type: 'done', completed, firstAt, lastAt: Date.now() });
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  process.send!({ type: 'ready' });
  process.on('message', async (m: { type: string }) => {
    if (m?.type !== 'stop') return;
    await Promise.all(workers.map((w) => w.close()));
    process.exit(0);
  });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
