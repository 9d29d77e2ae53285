import type { MailData, MailKind, OutboxEventType, OutboxPayloads, Recipient } from '@lib/messages';
import { QueueName } from './queue-names';

/** Every job the workers run. The name is the handling class's name (one class per file under `jobs/`). */
export enum JobName {
  DispatchOutboxEventJob = 'DispatchOutboxEventJob',
  SendMailJob = 'SendMailJob',
  SendReminderJob = 'SendReminderJob',
  SendAssessmentReminderJob = 'SendAssessmentReminderJob',
  SendFollowUpSurveyJob = 'SendFollowUpSurveyJob',
  IssueCertificateJob = 'IssueCertificateJob',
  ExpireStartedEnrolmentsJob = 'ExpireStartedEnrolmentsJob',
  SendEmailVerificationJob = 'SendEmailVerificationJob',
  SendPasswordResetJob = 'SendPasswordResetJob',
}

/** One outbox row as the relay hands it over; the job id is the row id. */
export type OutboxEventJobData = {
  [T in OutboxEventType]: { eventId: string; type: T; occurredAt: string; payload: OutboxPayloads[T] };
}[OutboxEventType];

/** One e-mail: the kind, its recipient and the data its template needs. The job id is the message's ledger key. */
export type MailRequest = {
  [K in MailKind]: { kind: K; to: Recipient; data: MailData[K]; occurredAt: string };
}[MailKind];

/** A reminder of one confirmed enrolment, due `offsetMs` before the session starts at `startsAt`. */
export interface ReminderJobData {
  enrolmentId: string;
  sessionId: string;
  /** ISO-8601 UTC start the reminder was planned for; a reminder for a start that has moved is dropped. */
  startsAt: string;
  offsetMs: number;
}

/** The post-course assessment of one attendance is due at `dueAt`; a reminder goes out if nothing was submitted. */
export interface AssessmentReminderJobData {
  enrolmentId: string;
  sessionId: string;
  /** ISO-8601 UTC. */
  dueAt: string;
}

/** The follow-up survey of one attendance, `FOLLOW_UP_AFTER` the session's completion (sent unless answered). */
export interface FollowUpSurveyJobData {
  enrolmentId: string;
  sessionId: string;
  /** ISO-8601 UTC: when the session was completed. */
  completedAt: string;
}

/** A completed enrolment's certificate: made once, whatever the number of runs. */
export interface IssueCertificateJobData {
  enrolmentId: string;
}

/**
 * The confirmation e-mail of an account's address. Its link's token is made by the job when it sends the message,
 * so it never sits in the database or in Redis in the clear; the job id is the message's ledger key.
 */
export interface EmailVerificationJobData {
  userId: string;
  /** ISO-8601 UTC: when it was asked for (the message's Date). */
  occurredAt: string;
}

/** The password reset e-mail of an account: like the confirmation, its link's token is made when it is sent. */
export type PasswordResetJobData = EmailVerificationJobData;

/** The periodic sweep that expires the waiting enrolments of sessions that have started: it needs no data. */
export type ExpireStartedEnrolmentsJobData = Record<string, never>;

/** The payload of each job: the one map that ties names to data. */
export interface JobPayloads {
  [JobName.DispatchOutboxEventJob]: OutboxEventJobData;
  [JobName.SendMailJob]: MailRequest;
  [JobName.SendReminderJob]: ReminderJobData;
  [JobName.SendAssessmentReminderJob]: AssessmentReminderJobData;
  [JobName.SendFollowUpSurveyJob]: FollowUpSurveyJobData;
  [JobName.IssueCertificateJob]: IssueCertificateJobData;
  [JobName.ExpireStartedEnrolmentsJob]: ExpireStartedEnrolmentsJobData;
  [JobName.SendEmailVerificationJob]: EmailVerificationJobData;
  [JobName.SendPasswordResetJob]: PasswordResetJobData;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.DispatchOutboxEventJob]: QueueName.OUTBOX,
  [JobName.SendMailJob]: QueueName.MAIL,
  [JobName.SendReminderJob]: QueueName.REMINDERS,
  [JobName.SendAssessmentReminderJob]: QueueName.REMINDERS,
  [JobName.SendFollowUpSurveyJob]: QueueName.REMINDERS,
  [JobName.IssueCertificateJob]: QueueName.CERTIFICATES,
  [JobName.ExpireStartedEnrolmentsJob]: QueueName.REMINDERS,
  [JobName.SendEmailVerificationJob]: QueueName.MAIL,
  [JobName.SendPasswordResetJob]: QueueName.MAIL,
};
