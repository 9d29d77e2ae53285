import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName, type JobHandler, type MailRequest } from '@lib/queue';
import { MailDeliveryService } from '../mail-delivery.service';

/** One e-mail, at most once per job id (the ledger key). */
@Injectable()
export class SendMailJob implements JobHandler<JobName.SendMailJob> {
  readonly jobName = JobName.SendMailJob;

  constructor(private readonly delivery: MailDeliveryService) {}

  handle(data: MailRequest, job: Job<MailRequest>) {
    return this.delivery.deliver(job.id!, data, {
      queue: QueueName.MAIL,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    });
  }
}
