import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type JobHandler, type ReminderJobData } from '@lib/queue';
import { RemindersService } from '../reminders.service';

/** A reminder that has come due. */
@Injectable()
export class SendReminderJob implements JobHandler<JobName.SendReminderJob> {
  readonly jobName = JobName.SendReminderJob;

  constructor(private readonly reminders: RemindersService) {}

  handle(data: ReminderJobData, job: Job<ReminderJobData>) {
    return this.reminders.send(job.id!, data, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
  }
}
