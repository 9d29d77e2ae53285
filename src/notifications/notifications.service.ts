import { Inject, Injectable } from '@nestjs/common';
import { JobName, JobQueues, type JobToAdd, type OutboxEventJobData } from '@lib/queue';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { planNotifications } from './notification-plan';

/** Turns an outbox event into e-mail jobs and reminder jobs, all with deterministic ids (a re-run adds nothing). */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueues,
    private readonly clock: Clock,
  ) {}

  async dispatch(
    event: OutboxEventJobData,
  ): Promise<{ mails: number; reminders: number; withdrawn: number; jobs: number }> {
    const plan = planNotifications(event, this.config);
    const withdrawn = plan.removeReminders.length
      ? await this.queues.remove(JobName.SendReminderJob, plan.removeReminders)
      : 0;
    const now = this.clock.nowMs();
    const jobs: JobToAdd[] = [
      ...plan.mails.map((m): JobToAdd => ({ name: JobName.SendMailJob, data: m.request, opts: { jobId: m.key } })),
      ...plan.addReminders.map((r): JobToAdd => ({
        name: JobName.SendReminderJob,
        data: r.data,
        opts: { jobId: r.key, delay: Math.max(0, r.dueAt - now) },
      })),
      ...plan.jobs.map(
        (j) => ({ name: j.name, data: j.data, opts: { jobId: j.key, delay: Math.max(0, j.dueAt - now) } }) as JobToAdd,
      ),
    ];
    if (jobs.length) await this.queues.enqueueMany(jobs);
    return { mails: plan.mails.length, reminders: plan.addReminders.length, withdrawn, jobs: plan.jobs.length };
  }
}
