import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_HANDLERS, JobName, JobQueues, OutboxRelay, WorkerHost, type JobHandler } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DispatchOutboxEventJob } from '../notifications/jobs/dispatch-outbox-event.job';
import { SendEmailVerificationJob } from '../notifications/jobs/send-email-verification.job';
import { SendMailJob } from '../notifications/jobs/send-mail.job';
import { SendPasswordResetJob } from '../notifications/jobs/send-password-reset.job';
import { SendReminderJob } from '../notifications/jobs/send-reminder.job';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxModule } from '../outbox/outbox.module';
import { OutboxService } from '../outbox/outbox.service';
import { AssessmentsModule } from '../assessments/assessments.module';
import { SendAssessmentReminderJob } from '../assessments/jobs/send-assessment-reminder.job';
import { SendFollowUpSurveyJob } from '../assessments/jobs/send-follow-up-survey.job';
import { CertificatesModule } from '../certificates/certificates.module';
import { IssueCertificateJob } from '../certificates/jobs/issue-certificate.job';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { ExpireStartedEnrolmentsJob } from '../enrolments/jobs/expire-started-enrolments.job';

/** While Redis cannot take the sweep's scheduler, it is tried again this often. */
const SCHEDULE_RETRY_MS = 10_000;

/** Every job's handler: one per job name (WorkerHost refuses to start otherwise). */
const HANDLERS = [
  DispatchOutboxEventJob,
  SendMailJob,
  SendReminderJob,
  SendAssessmentReminderJob,
  SendFollowUpSurveyJob,
  IssueCertificateJob,
  SendEmailVerificationJob,
  SendPasswordResetJob,
  ExpireStartedEnrolmentsJob,
];

/**
 * The worker side of a process (PROCESS_ROLE worker or all): the queue workers and the outbox relay. Started once
 * the application is up; on shutdown the relay finishes its batch and the workers finish the jobs in hand.
 */
@Module({
  imports: [NotificationsModule, OutboxModule, AssessmentsModule, CertificatesModule, EnrolmentsModule],
  providers: [
    ...HANDLERS,
    {
      provide: JOB_HANDLERS,
      inject: [...HANDLERS],
      useFactory: (...handlers: JobHandler[]) => handlers,
    },
  ],
})
export class WorkersModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Workers');
  private host: WorkerHost | null = null;
  private relay: OutboxRelay | null = null;
  private scheduleRetry: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandler[],
    private readonly outbox: OutboxService,
    private readonly queues: JobQueues,
  ) {}

  onApplicationBootstrap(): void {
    const { redisUrl, redisPrefix: prefix, deploymentId, jobs } = this.config;
    this.host = new WorkerHost(
      this.handlers,
      { redisUrl, prefix, deploymentId, concurrency: jobs.concurrency, lockDurationMs: jobs.lockDurationMs },
      this.logger,
    );
    this.relay = new OutboxRelay(this.outbox, this.queues, this.logger, {
      batchSize: 200,
      pollMs: jobs.outboxPollMs,
      maxBackoffMs: 5000,
    });
    this.host.start();
    this.relay.start();
    this.scheduleSweep();
  }

  /** Sessions that start close their waitlists without anyone acting: a job scheduler sweeps for them. */
  private scheduleSweep(): void {
    this.queues
      .schedule(JobName.ExpireStartedEnrolmentsJob, {}, this.config.jobs.sessionSweepMs)
      .catch((err: Error) => {
        if (this.closing) return;
        this.logger.warn({ msg: `could not schedule the sweep of started sessions: ${err.message}; retrying` });
        this.scheduleRetry = setTimeout(() => this.scheduleSweep(), SCHEDULE_RETRY_MS);
        this.scheduleRetry.unref();
      });
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.scheduleRetry) clearTimeout(this.scheduleRetry);
    await this.relay?.stop();
    await this.host?.close();
  }
}
