import { UnrecoverableError, type Job } from 'bullmq';
import { JobName } from './job-payloads';
import type { JobHandler } from './job-handler';
import { QueueName } from './queue-names';
import { WorkerHost } from './worker-host';

const OURS = '6f1c1a52-0b7e-4d43-9a53-0c1f3d2b9e10';
const THEIRS = '0d9f6f0e-7c55-4a8e-8a43-7b1e5c2f4a21';
const settings = {
  redisUrl: 'redis://127.0.0.1:6379',
  prefix: 'unit',
  deploymentId: OURS,
  concurrency: 1,
  lockDurationMs: 1000,
};
const log = { log: () => undefined, warn: () => undefined, error: () => undefined };
const handler = (jobName: JobName): JobHandler => ({ jobName, handle: async () => undefined });

describe('WorkerHost', () => {
  it('refuses to exist unless every job name has exactly one handler', () => {
    const all = Object.values(JobName).map(handler);
    expect(() => new WorkerHost(all, settings, log)).not.toThrow();
    expect(() => new WorkerHost(all.slice(1), settings, log)).toThrow(
      `no handler for job(s) ${Object.values(JobName)[0]}`,
    );
    expect(() => new WorkerHost([...all, handler(JobName.SendMailJob)], settings, log)).toThrow(
      'two handlers for job SendMailJob',
    );
  });

  it("runs its own deployment's jobs and those without a deployment, and refuses another deployment's, logged", async () => {
    const ran: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    const handlers = Object.values(JobName).map((jobName): JobHandler => ({
      jobName,
      handle: async (data) => void ran.push(data),
    }));
    const host = new WorkerHost(handlers, settings, {
      ...log,
      error: (m) => void errors.push(m as Record<string, unknown>),
    });
    const job = (id: string, data: Record<string, unknown>) =>
      ({ id, name: JobName.SendMailJob, data }) as unknown as Job;
    // run() is what BullMQ's Worker calls for each job it takes.
    const run = (j: Job) => host['run'](QueueName.MAIL, j);

    await run(job('mine', { kind: 'X', deploymentId: OURS }));
    await run(job('from-before', { kind: 'Y' }));
    expect(ran).toEqual([{ kind: 'X', deploymentId: OURS }, { kind: 'Y' }]);
    expect(errors).toEqual([]);

    const refused = run(job('theirs-1', { kind: 'Z', deploymentId: THEIRS }));
    await expect(refused).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(refused).rejects.toThrow(`job of deployment ${THEIRS} refused by deployment ${OURS}`);
    expect(ran).toHaveLength(2);
    expect(errors).toEqual([
      expect.objectContaining({
        queue: QueueName.MAIL,
        jobId: 'theirs-1',
        jobDeploymentId: THEIRS,
        deploymentId: OURS,
      }),
    ]);
    expect(errors[0].msg).toMatch(/SendMailJob theirs-1 on queue mail belongs to deployment 0d9f6f0e/);
  });
});
