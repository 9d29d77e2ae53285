import { JobName } from './job-payloads';
import type { JobHandler } from './job-handler';
import { WorkerHost } from './worker-host';

const settings = { redisUrl: 'redis://127.0.0.1:6379', prefix: 'unit', concurrency: 1, lockDurationMs: 1000 };
const log = { log: () => undefined, warn: () => undefined, error: () => undefined };
const handler = (jobName: JobName): JobHandler => ({ jobName, handle: async () => undefined });

describe('WorkerHost', () => {
  it('refuses to exist unless every job name has exactly one handler', () => {
    const all = Object.values(JobName).map(handler);
    expect(() => new WorkerHost(all, settings, log)).not.toThrow();
    expect(() => new WorkerHost(all.slice(1), settings, log)).toThrow(`no handler for job(s) ${Object.values(JobName)[0]}`);
    expect(() => new WorkerHost([...all, handler(JobName.SendMailJob)], settings, log)).toThrow('two handlers for job SendMailJob');
  });
});
