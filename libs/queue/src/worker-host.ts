import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { loggableErrorMessage } from '@lib/common';
import type { JobHandler } from './job-handler';
import { JOB_QUEUE, JobName } from './job-payloads';
import type { JobOrigin } from './job-queues';
import { QueueName } from './queue-names';

export interface WorkerSettings {
  redisUrl: string;
  prefix: string;
  /** This process's deployment: a job another deployment added (two deployments sharing a prefix) is refused. */
  deploymentId: string;
  /** Jobs run at once per queue in this process. */
  concurrency: number;
  /** How long a job stays locked without a heartbeat; a killed worker's jobs go back to the queue after it. */
  lockDurationMs: number;
}

export interface WorkerLog {
  log(message: object): void;
  warn(message: object): void;
  error(message: object): void;
}

/**
 * Runs every queue's jobs in this process. It refuses to start unless each job name has exactly one handler, so a
 * missing handler is found at start-up, not when its first job arrives. close() lets the jobs in hand finish.
 */
export class WorkerHost {
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly workers: Worker[] = [];
  private lastRedisWarning = 0;

  constructor(
    handlers: JobHandler[],
    private readonly settings: WorkerSettings,
    private readonly logger: WorkerLog,
  ) {
    for (const handler of handlers) {
      if (this.handlers.has(handler.jobName)) throw new Error(`two handlers for job ${handler.jobName}`);
      this.handlers.set(handler.jobName, handler);
    }
    const missing = Object.values(JobName).filter((name) => !this.handlers.has(name));
    if (missing.length) throw new Error(`no handler for job(s) ${missing.join(', ')}`);
  }

  start(): void {
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.run(queue, job), {
        connection: { url: this.settings.redisUrl, maxRetriesPerRequest: null },
        prefix: this.settings.prefix,
        concurrency: this.settings.concurrency,
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: this.settings.lockDurationMs,
        maxStalledCount: 3,
      });
      worker.on('error', (err) => this.redisTrouble(queue, err));
      worker.on('failed', (job, err) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
        this.logger.warn({
          msg: `job ${job.name} ${job.id} failed${final ? ' for good' : ', will retry'}`,
          queue,
          jobId: job.id,
          attempt: job.attemptsMade,
          err: loggableErrorMessage(err),
        });
      });
      this.workers.push(worker);
    }
    this.logger.log({
      msg: `workers started on queues ${Object.values(QueueName).join(', ')}`,
      concurrency: this.settings.concurrency,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    this.workers.length = 0;
  }

  private async run(queue: QueueName, job: Job): Promise<unknown> {
    const origin = (job.data as JobOrigin | null | undefined)?.deploymentId;
    if (origin !== undefined && origin !== this.settings.deploymentId) {
      // Another deployment's job (its mail, its ledger): running it would send that deployment's e-mail as ours.
      this.logger.error({
        msg: `job ${job.name} ${job.id} on queue ${queue} belongs to deployment ${origin}, not to this one: refused`,
        queue,
        jobId: job.id,
        jobDeploymentId: origin,
        deploymentId: this.settings.deploymentId,
      });
      throw new UnrecoverableError(`job of deployment ${origin} refused by deployment ${this.settings.deploymentId}`);
    }
    const handler = this.handlers.get(job.name as JobName);
    if (!handler || JOB_QUEUE[handler.jobName] !== queue) {
      throw new UnrecoverableError(`no handler for job ${job.name} on queue ${queue}`);
    }
    return handler.handle(job.data, job);
  }

  /** Logged at most every 10 s while Redis is unreachable: the workers reconnect by themselves. */
  private redisTrouble(queue: QueueName, err: Error): void {
    const now = Date.now();
    if (now - this.lastRedisWarning < 10_000) return;
    this.lastRedisWarning = now;
    this.logger.warn({ msg: `queue ${queue}: ${err.message}; retrying`, queue });
  }
}
