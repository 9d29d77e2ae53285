import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type FollowUpSurveyJobData, type JobHandler } from '@lib/queue';
import { AssessmentNoticesService } from '../assessment-notices.service';

/** FOLLOW_UP_AFTER the completion: ask whether the Party applied the guidance. */
@Injectable()
export class SendFollowUpSurveyJob implements JobHandler<JobName.SendFollowUpSurveyJob> {
  readonly jobName = JobName.SendFollowUpSurveyJob;

  constructor(private readonly notices: AssessmentNoticesService) {}

  handle(data: FollowUpSurveyJobData, job: Job<FollowUpSurveyJobData>) {
    return this.notices.sendFollowUpSurvey(job.id!, data, {
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    });
  }
}
