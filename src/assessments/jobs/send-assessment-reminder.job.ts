import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type AssessmentReminderJobData, type JobHandler } from '@lib/queue';
import { AssessmentNoticesService } from '../assessment-notices.service';

/** The post-course assessment is due soon: remind an attendee who has not submitted it. */
@Injectable()
export class SendAssessmentReminderJob implements JobHandler<JobName.SendAssessmentReminderJob> {
  readonly jobName = JobName.SendAssessmentReminderJob;

  constructor(private readonly notices: AssessmentNoticesService) {}

  handle(data: AssessmentReminderJobData, job: Job<AssessmentReminderJobData>) {
    return this.notices.remindOfAssessment(job.id!, data, {
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    });
  }
}
