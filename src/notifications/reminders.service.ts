import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isUuid } from '@lib/common';
import { MailKind } from '@lib/mailer';
import { QueueName, type ReminderJobData, type SessionSnapshot } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { recipientOf } from '../auth/recipient';
import type { User } from '../auth/user.entity';
import { SESSION_SNAPSHOT, snapshotOfRow } from '../sessions/session-snapshot';
import { MailDeliveryService, type DeliveryOutcome } from './mail-delivery.service';
import { Coalescer } from './coalescer';
import { Clock } from '../clock/clock';
import { MetricsService } from '../metrics/metrics.service';
import { reminderVerdict, type ReminderDrop } from './reminder-rules';

export type ReminderOutcome = DeliveryOutcome | ReminderDrop;

/**
 * Sends a due reminder after checking the facts as they are now, at the injected clock's time (the rule is
 * `reminderVerdict`): the enrolment still CONFIRMED, the session still scheduled at the start the reminder was
 * planned for, and not yet started. A reminder whose moment passed while no worker ran is still sent, unless a later
 * reminder's moment has passed too (then only that one goes out).
 */
@Injectable()
export class RemindersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly delivery: MailDeliveryService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  async send(
    key: string,
    reminder: ReminderJobData,
    attempt: { attemptsMade: number; maxAttempts: number },
    now = this.clock.nowMs(),
  ): Promise<ReminderOutcome> {
    const facts = await this.factsOf(reminder.enrolmentId);
    const verdict = reminderVerdict(reminder, facts, this.config.reminderOffsetsMs, now);
    if (verdict !== 'SEND') {
      this.metrics.reminderDropped(verdict);
      return verdict;
    }
    const { session, delegate } = facts!;
    const start = Date.parse(session.startsAt);
    const outcome = await this.delivery.deliver(
      key,
      {
        kind: MailKind.SESSION_REMINDER,
        to: recipientOf(delegate),
        data: { session, offsetMs: reminder.offsetMs },
        occurredAt: new Date(start - reminder.offsetMs).toISOString(),
      },
      { queue: QueueName.REMINDERS, ...attempt },
    );
    if (outcome === 'SENT') this.metrics.reminderSent(now - (start - reminder.offsetMs));
    return outcome;
  }

  /**
   * The enrolment's status, its session as a snapshot and its delegate, in one statement: a reminder is sent by the
   * hundred thousand, and each round trip to the database is a large part of its cost. The reminders being checked
   * at the same moment share the statement (see Coalescer). Protected so that a unit test can hand in the facts.
   */
  protected factsOf(enrolmentId: string): Promise<ReminderFacts | null> {
    return isUuid(enrolmentId) ? this.facts.run(enrolmentId) : Promise.resolve(null);
  }

  private readonly facts = new Coalescer<string, ReminderFacts | null>((ids) => this.factsBatch(ids));

  private async factsBatch(enrolmentIds: string[]): Promise<(ReminderFacts | null)[]> {
    // Not a prepared statement: its generic plan, made while the tables were small, would go on scanning them whole.
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT e.id AS enrolment_id, e.status AS enrolment_status, u.id AS delegate_id, u.email AS delegate_email,
              u.full_name AS delegate_name, u.language AS delegate_language, u.time_zone AS delegate_time_zone,
              u.party_code AS delegate_party_code, u.disabled_at AS delegate_disabled_at, s.*
         FROM enrolment e
         JOIN app_user u ON u.id = e.delegate_id
         JOIN ${SESSION_SNAPSHOT} s ON s.id = e.session_id
        WHERE e.id = ANY($1::uuid[])`,
      [[...new Set(enrolmentIds)]],
    );
    const byId = new Map<string, ReminderFacts>();
    for (const row of rows) {
      byId.set(row.enrolment_id, {
        enrolmentStatus: row.enrolment_status,
        session: snapshotOfRow(row),
        delegate: {
          id: row.delegate_id,
          email: row.delegate_email,
          fullName: row.delegate_name,
          language: row.delegate_language,
          timeZone: row.delegate_time_zone,
          partyCode: row.delegate_party_code,
          disabledAt: row.delegate_disabled_at,
        },
      });
    }
    return enrolmentIds.map((id) => byId.get(id.toLowerCase()) ?? null);
  }
}

interface ReminderFacts {
  enrolmentStatus: string;
  session: SessionSnapshot;
  delegate: ReminderDelegate;
}

/** What a reminder needs of its delegate: the recipient, and whether the account is disabled. */
type ReminderDelegate = Pick<User, 'id' | 'email' | 'fullName' | 'language' | 'timeZone' | 'partyCode' | 'disabledAt'>;
