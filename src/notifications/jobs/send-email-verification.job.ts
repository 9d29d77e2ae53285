import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type EmailVerificationJobData, type JobHandler } from '@lib/queue';
import { AccountNoticesService } from '../account-notices.service';

/** The confirmation link of an account's address, made and sent once per job id (the ledger key). */
@Injectable()
export class SendEmailVerificationJob implements JobHandler<JobName.SendEmailVerificationJob> {
  readonly jobName = JobName.SendEmailVerificationJob;

  constructor(private readonly notices: AccountNoticesService) {}

  handle(data: EmailVerificationJobData, job: Job<EmailVerificationJobData>) {
    return this.notices.sendEmailVerification(job.id!, data, {
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    });
  }
}
