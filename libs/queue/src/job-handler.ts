import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from './job-payloads';

/**
 * A class that runs one job. Thin: it hands the payload to the service that owns the rule. Throwing retries the
 * job with backoff; throwing bullmq's UnrecoverableError fails it at once.
 */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(data: JobPayloads[N], job: Job<JobPayloads[N]>): Promise<unknown>;
}

/** Injection token of the list of every handler (the workers refuse to start unless each job name has one). */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
