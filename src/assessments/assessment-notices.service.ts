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
import {
  assessmentReminderVerdict,
  attendedSession,
  followUpSurveyVerdict,
  type AssessmentNoticeDrop,
} from './assessment-notice-rules';

export type NoticeOutcome = DeliveryOutcome | AssessmentNoticeDrop;

interface Attempt {
  attemptsMade: number;
  maxAttempts: number;
}

/**
 * The messages that come due after a completed session, each checked against the facts when it is due: the
 * assessment reminder only to an attendee with a module still to submit, the follow-up survey only to an attendee
 * who has not answered it (the rules are in assessment-notice-rules.ts). Each fact is read only while the rule has
 * not decided yet, in the rule's order. Neither rule depends on the time.
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
    const attending = enrolment?.status === EnrolmentStatus.ATTENDED;
    const missing = attending ? await this.assessments.modulesWithoutPost(enrolment) : [];
    const [delegate] = missing.length ? await this.users.usersByIds([enrolment!.delegateId]) : [];
    const verdict = assessmentReminderVerdict({
      enrolmentStatus: enrolment?.status ?? null,
      modulesToSubmit: missing.length,
      delegate: delegate ?? null,
    });
    if (verdict !== 'SEND') return verdict;
    const session = { ...(await this.sessions.snapshot(this.db.manager, enrolment!.sessionId)), joinUrl: null };
    return this.delivery.deliver(
      key,
      {
        kind: MailKind.ASSESSMENT_REMINDER,
        to: recipientOf(delegate!),
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
    const attended = attendedSession(enrolment?.status ?? null);
    const answered = attended && !!(await this.assessments.followUpOf(enrolment!.id));
    const [delegate] = attended && !answered ? await this.users.usersByIds([enrolment!.delegateId]) : [];
    const verdict = followUpSurveyVerdict({
      enrolmentStatus: enrolment?.status ?? null,
      answered,
      delegate: delegate ?? null,
    });
    if (verdict !== 'SEND') return verdict;
    const session = { ...(await this.sessions.snapshot(this.db.manager, enrolment!.sessionId)), joinUrl: null };
    return this.delivery.deliver(
      key,
      {
        kind: MailKind.FOLLOW_UP_SURVEY,
        to: recipientOf(delegate!),
        data: { session, completedAt: job.completedAt },
        occurredAt: new Date(Date.parse(job.completedAt) + this.config.followUpAfterMs).toISOString(),
      },
      { queue: QueueName.REMINDERS, ...attempt },
    );
  }
}
