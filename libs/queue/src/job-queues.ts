import { Queue, type JobsOptions } from 'bullmq';
import { JOB_QUEUE, type JobName, type JobPayloads } from './job-payloads';
import { QueueName } from './queue-names';

export interface QueueSettings {
  redisUrl: string;
  /** Key prefix of every queue (REDIS_PREFIX), so several installations or test runs can share one Redis. */
  prefix: string;
  /** The deployment adding the jobs: every job's data carries it, and only this deployment's workers run them. */
  deploymentId: string;
  /** Attempts and first backoff of e-mail and reminder jobs; the delay doubles at each retry. */
  mailAttempts: number;
  mailBackoffMs: number;
}

export interface EnqueueOptions {
  /** Deterministic id: adding a job whose id is already in the queue does nothing. */
  jobId: string;
  delay?: number;
}

/** A job to add: its name, the payload the name calls for, and its id. */
export type JobToAdd = { [N in JobName]: { name: N; data: JobPayloads[N]; opts: EnqueueOptions } }[JobName];

/** What every job's data carries besides its payload. Jobs added before this field existed have none. */
export interface JobOrigin {
  deploymentId?: string;
}

const DAY_S = 24 * 3600;

/** How long finished jobs stay: completed ones long enough to turn away a repeated add, failed ones until handled. */
function jobDefaults(queue: QueueName, s: QueueSettings): JobsOptions {
  if (queue === QueueName.OUTBOX) {
    return {
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 7 * DAY_S, count: 200_000 },
      removeOnFail: { age: 30 * DAY_S },
    };
  }
  return {
    attempts: s.mailAttempts,
    backoff: { type: 'exponential', delay: s.mailBackoffMs },
    removeOnComplete: { age: 7 * DAY_S, count: 200_000 },
    removeOnFail: false,
  };
}

/**
 * The producer side: one BullMQ Queue per queue name and the one typed way to add, find and remove jobs.
 * Commands fail at once while Redis is away (no offline queue), so a caller such as the outbox relay can back off
 * and try again instead of hanging.
 */
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly settings: QueueSettings) {
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, {
        connection: {
          url: settings.redisUrl,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
        },
        prefix: settings.prefix,
        defaultJobOptions: jobDefaults(name, settings),
      });
      // Without a listener an 'error' event (Redis gone) would crash the process; callers see the failed command.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], opts: EnqueueOptions): Promise<void> {
    await this.queueOf(name).add(name, this.stamped(data), { jobId: opts.jobId, delay: opts.delay });
  }

  /** Adds many jobs, one round trip per queue. */
  async enqueueMany(jobs: JobToAdd[]): Promise<void> {
    const byQueue = new Map<QueueName, JobToAdd[]>();
    for (const job of jobs) {
      const q = JOB_QUEUE[job.name];
      const list = byQueue.get(q);
      if (list) list.push(job);
      else byQueue.set(q, [job]);
    }
    await Promise.all(
      [...byQueue].map(([q, list]) =>
        this.queue(q).addBulk(
          list.map((j) => ({
            name: j.name,
            data: this.stamped(j.data),
            opts: { jobId: j.opts.jobId, delay: j.opts.delay },
          })),
        ),
      ),
    );
  }

  /**
   * A job BullMQ's job scheduler adds every `everyMs`, under the job's name as the scheduler id: upserted, so every
   * process that starts may call it and one scheduler remains (with the latest interval), whatever their number.
   */
  async schedule<N extends JobName>(name: N, data: JobPayloads[N], everyMs: number): Promise<void> {
    const { removeOnComplete, removeOnFail } = jobDefaults(JOB_QUEUE[name], this.settings);
    await this.queueOf(name).upsertJobScheduler(
      name,
      { every: everyMs },
      // One attempt: the next run comes a period later anyway. Kept as long as the queue keeps every job: BullMQ
      // trims a queue's whole completed (failed) set by the limits of the job that has just finished, so a shorter
      // limit here would drop the reminders' records, which turn away a repeated add and show on the dashboard.
      {
        name,
        data: this.stamped(data),
        opts: { attempts: 1, removeOnComplete, removeOnFail },
      },
    );
  }

  /** Removes waiting or delayed jobs; a job being processed right now stays (its handler re-checks the facts). */
  async remove(name: JobName, jobIds: string[]): Promise<number> {
    const queue = this.queueOf(name);
    const removed = await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
    return removed.filter((r) => r === 1).length;
  }

  /**
   * Puts a failed job back in its queue with its attempts reset: GONE when no job has this id any more, NOT_FAILED when
   * BullMQ refuses (the job is not failed, e.g. already back in its queue). Redis errors propagate.
   */
  async retryFailed(queue: QueueName, jobId: string): Promise<'RETRIED' | 'GONE' | 'NOT_FAILED'> {
    const job = await this.queue(queue).getJob(jobId);
    if (!job) return 'GONE';
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    } catch {
      return 'NOT_FAILED';
    }
    return 'RETRIED';
  }

  async counts(): Promise<Record<string, Record<string, number>>> {
    const entries = await Promise.all(
      this.all().map(async (q) => [
        q.name,
        await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
      ]),
    );
    return Object.fromEntries(entries);
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close().catch(() => undefined)));
  }

  /** The one place a job's data gets its deployment (the outbox relay adds through enqueueMany too). */
  private stamped<T extends object>(data: T): T & JobOrigin {
    return { ...data, deploymentId: this.settings.deploymentId };
  }

  private queueOf(name: JobName): Queue {
    return this.queue(JOB_QUEUE[name]);
  }
}
