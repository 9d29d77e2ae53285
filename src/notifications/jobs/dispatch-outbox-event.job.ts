import { Injectable } from '@nestjs/common';
import { JobName, type JobHandler, type OutboxEventJobData } from '@lib/queue';
import { NotificationsService } from '../notifications.service';

/** An outbox event: plan its e-mails and reminders. */
@Injectable()
export class DispatchOutboxEventJob implements JobHandler<JobName.DispatchOutboxEventJob> {
  readonly jobName = JobName.DispatchOutboxEventJob;

  constructor(private readonly notifications: NotificationsService) {}

  handle(data: OutboxEventJobData) {
    return this.notifications.dispatch(data);
  }
}
