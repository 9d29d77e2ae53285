import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MailKind } from '@lib/mailer';
import { QueueName, type AssessmentReminderJobData, type FollowUpSurveyJobData } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { recipientOf } from '../auth/recipient';
import { UsersService } from '../auth/users.service';
import { EnrolmentQueriesService } from '../enrolments/enrolment-queries.service';
import { EnrolmentStatus } from '../enrolments/enrolment-status.enum';
import { MailDeliveryService, type DeliveryOutcome } from '../notifications/mail-delivery.service';
import { SessionsService } from '../sessions/sessions.service';
import { AssessmentsService } from './assessments.service';

export type NoticeOutcome = DeliveryOutcome | 'DROPPED_NOT_ATTENDED' | 'DROPPED_SUBMITTED' | 'DROPPED_ANSWERED';

interface Attempt {
  attemptsMade: number;
  maxAttempts: number;
}

/**
 * The messages that come due after a completed session, each checked against the facts when it is due: the
 * assessment reminder only to an attendee with a module still to submit, the follow-up survey only to an attendee
 * who has not answered it.
 */
@Injectable()
export class AssessmentNoticesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly enrolments: EnrolmentQueriesService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly delivery: MailDeliveryService,
  ) {}

  async remindOfAssessment(key: string, job: AssessmentReminderJobData, attempt: Attempt): Promise<NoticeOutcome> {
    const enrolment = await this.enrolments.findById(job.enrolmentId);
    if (!enrolment || enrolment.status !== EnrolmentStatus.ATTENDED) {
      return enrolment?.status === EnrolmentStatus.COMPLETED ? 'DROPPED_SUBMITTED' : 'DROPPED_NOT_ATTENDED';
    }
    const missing = await this.assessments.modulesWithoutPost(enrolment);
    if (!missing.length) return 'DROPPED_SUBMITTED';
    const [delegate] = await this.users.usersByIds([enrolment.delegateId]);
    if (!delegate || delegate.disabledAt) return 'DROPPED_NOT_ATTENDED';
    const session = { ...(await this.sessions.snapshot(this.db.manager, enrolment.sessionId)), joinUrl: null };
    return this.delivery.deliver(
      key,
      {
        kind: MailKind.ASSESSMENT_REMINDER,
        to: recipientOf(delegate),
        data: {
          session,
          modules: missing.map((m) => ({ code: m.code, title: m.title, passMark: m.passMark })),
          dueAt: job.dueAt,
        },
        occurredAt: new Date(Date.parse(job.dueAt) - this.config.assessmentReminderBeforeMs).toISOString(),
      },
      { queue: QueueName.REMINDERS, ...attempt },
    );
  }

  async sendFollowUpSurvey(key: string, job: FollowUpSurveyJobData, attempt: Attempt): Promise<NoticeOutcome> {
    const enrolment = await this.enrolments.findById(job.enrolmentId);
    const attended = enrolment && [EnrolmentStatus.ATTENDED, EnrolmentStatus.COMPLETED].includes(enrolment.status);
    if (!enrolment || !attended) return 'DROPPED_NOT_ATTENDED';
    if (await this.assessments.followUpOf(enrolment.id)) return 'DROPPED_ANSWERED';
    const [delegate] = await this.users.usersByIds([enrolment.delegateId]);
    if (!delegate || delegate.disabledAt) return 'DROPPED_NOT_ATTENDED';
    const session = { ...(await this.sessions.snapshot(this.db.manager, enrolment.sessionId)), joinUrl: null };
    return this.delivery.deliver(
      key,
      {
        kind: MailKind.FOLLOW_UP_SURVEY,
        to: recipientOf(delegate),
        data: { session, completedAt: job.completedAt },
        occurredAt: new Date(Date.parse(job.completedAt) + this.config.followUpAfterMs).toISOString(),
      },
      { queue: QueueName.REMINDERS, ...attempt },
    );
  }
}
