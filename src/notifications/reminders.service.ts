import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MailKind } from '@lib/mailer';
import { QueueName, type ReminderJobData } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { recipientOf } from '../auth/recipient';
import { UsersService } from '../auth/users.service';
import { EnrolmentsService } from '../enrolments/enrolments.service';
import { SessionsService } from '../sessions/sessions.service';
import { MailDeliveryService } from './mail-delivery.service';

export type ReminderOutcome =
  | 'SENT'
  | 'ALREADY_SENT'
  | 'DROPPED_NOT_CONFIRMED'
  | 'DROPPED_SESSION_NOT_SCHEDULED'
  | 'DROPPED_MOVED'
  | 'DROPPED_STARTED'
  | 'DROPPED_SUPERSEDED';

/**
 * Sends a due reminder after checking the facts as they are now: the enrolment still CONFIRMED, the session still
 * scheduled at the start the reminder was planned for, and not yet started. A reminder whose moment passed while no
 * worker ran is still sent, unless a later reminder's moment has passed too (then only that one goes out).
 */
@Injectable()
export class RemindersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly enrolments: EnrolmentsService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly delivery: MailDeliveryService,
  ) {}

  async send(
    key: string,
    reminder: ReminderJobData,
    attempt: { attemptsMade: number; maxAttempts: number },
    now = Date.now(),
  ): Promise<ReminderOutcome> {
    const enrolment = await this.enrolments.findById(reminder.enrolmentId);
    if (!enrolment || enrolment.status !== 'CONFIRMED') return 'DROPPED_NOT_CONFIRMED';
    const session = await this.sessions.snapshot(this.db.manager, enrolment.sessionId);
    if (session.status !== 'SCHEDULED') return 'DROPPED_SESSION_NOT_SCHEDULED';
    const start = Date.parse(session.startsAt);
    if (start !== Date.parse(reminder.startsAt)) return 'DROPPED_MOVED';
    if (now >= start) return 'DROPPED_STARTED';
    const laterDue = this.config.reminderOffsetsMs.some((o) => o < reminder.offsetMs && now >= start - o);
    if (laterDue) return 'DROPPED_SUPERSEDED';
    const [delegate] = await this.users.usersByIds([enrolment.delegateId]);
    if (!delegate || delegate.disabledAt) return 'DROPPED_NOT_CONFIRMED';
    return this.delivery.deliver(
      key,
      {
        kind: MailKind.SESSION_REMINDER,
        to: recipientOf(delegate),
        data: { session, offsetMs: reminder.offsetMs },
        occurredAt: new Date(start - reminder.offsetMs).toISOString(),
      },
      { queue: QueueName.REMINDERS, ...attempt },
    );
  }
}
