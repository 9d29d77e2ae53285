import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type JobHandler, type PasswordResetJobData } from '@lib/queue';
import { AccountNoticesService } from '../account-notices.service';

/** The password reset link of an account, made and sent once per job id (the ledger key). */
@Injectable()
export class SendPasswordResetJob implements JobHandler<JobName.SendPasswordResetJob> {
  readonly jobName = JobName.SendPasswordResetJob;

  constructor(private readonly notices: AccountNoticesService) {}

  handle(data: PasswordResetJobData, job: Job<PasswordResetJobData>) {
    return this.notices.sendPasswordReset(job.id!, data, {
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    });
  }
}
