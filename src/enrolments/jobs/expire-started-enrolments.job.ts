import { Injectable } from '@nestjs/common';
import { JobName, type ExpireStartedEnrolmentsJobData, type JobHandler } from '@lib/queue';
import { SessionLifecycleService } from '../session-lifecycle.service';

/** The periodic sweep (a BullMQ job scheduler, SESSION_SWEEP_INTERVAL): sessions that started close their waitlists. */
@Injectable()
export class ExpireStartedEnrolmentsJob implements JobHandler<JobName.ExpireStartedEnrolmentsJob> {
  readonly jobName = JobName.ExpireStartedEnrolmentsJob;

  constructor(private readonly lifecycle: SessionLifecycleService) {}

  handle(_data: ExpireStartedEnrolmentsJobData) {
    return this.lifecycle.expireStarted();
  }
}
