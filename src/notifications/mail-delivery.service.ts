import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import type { DataSource, Repository } from 'typeorm';
import { renderCertificatePdf } from '@lib/documents';
import { composeMail, isPermanentMailError, Mailer, MailKind, type ComposedMail, type MailData } from '@lib/mailer';
import { JobQueues, QueueName, type MailRequest } from '@lib/queue';
import { conflict, isUuid, notFound } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type Connection, paginateByTimeAndId } from '../graphql/pagination';
import { MailDeliveryEntity, MailDeliveryStatus } from './mail-delivery.entity';
import { Coalescer } from './coalescer';
import { Clock } from '../clock/clock';
import { MetricsService } from '../metrics/metrics.service';

/** Where the job of one message is, and which attempt this is (BullMQ counts the failed ones). */
export interface DeliveryAttempt {
  queue: QueueName.MAIL | QueueName.REMINDERS;
  attemptsMade: number;
  maxAttempts: number;
}

export type DeliveryOutcome = 'SENT' | 'ALREADY_SENT';

/**
 * Sends one message at most once per key. Before sending it claims the ledger row (SENDING); after the server
 * accepts it the row becomes SENT, and any later run of the same job finds it so and sends nothing. A row left
 * SENDING by a worker that died is taken over once the job's lock has expired, and the message goes out again under
 * the same Message-ID, which receiving systems use to discard a copy.
 */
@Injectable()
export class MailDeliveryService {
  private readonly domain: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(MailDeliveryEntity) private readonly deliveries: Repository<MailDeliveryEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: Mailer,
    private readonly queues: JobQueues,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.domain = new URL(config.publicUrl).hostname || 'localhost';
  }

  /*
   * A message costs two ledger writes, its claim and its SENT mark, each a commit (a flush of the write-ahead log)
   * when made alone: the workers' concurrent jobs share them instead, the claims and the SENT marks of the same moment
   * in one statement, without changing when a job may go on (its row is committed first).
   */
  private readonly ledger = new Coalescer<LedgerWrite, boolean>((writes) => this.writeBatch(writes));

  messageIdOf(key: string): string {
    return `${key}@${this.domain}`;
  }

  async deliver(key: string, request: MailRequest, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    let mail: ComposedMail;
    try {
      mail = composeMail(request.kind as MailKind, request.to, request.data as MailData[MailKind], {
        publicUrl: this.config.publicUrl,
        from: this.config.mailFrom,
        messageId: this.messageIdOf(key),
        occurredAt: request.occurredAt,
      });
    } catch (err) {
      // A message that cannot be written will not be written on a retry either.
      this.metrics.mailOutcome(request.kind, 'failed');
      throw new UnrecoverableError(`cannot compose ${request.kind}: ${(err as Error).message}`);
    }
    if (!(await this.claim(key, request, mail, attempt.queue))) return 'ALREADY_SENT';
    try {
      // Rendered only for a message that is going out (a repeated job stops at the claim above).
      mail.attachments = await this.attachmentsOf(request);
      await this.mailer.send(mail);
    } catch (err) {
      const permanent = isPermanentMailError(err);
      const final = permanent || attempt.attemptsMade + 1 >= attempt.maxAttempts;
      await this.deliveries.update(
        { key },
        { status: final ? MailDeliveryStatus.FAILED : MailDeliveryStatus.RETRYING, lastError: describe(err) },
      );
      this.metrics.mailOutcome(request.kind, final ? 'failed' : 'retried');
      throw permanent ? new UnrecoverableError(describe(err)) : err;
    }
    await this.ledger.run({ sent: key });
    this.metrics.mailOutcome(request.kind, 'sent');
    return 'SENT';
  }

  private async attachmentsOf(request: MailRequest) {
    if (request.kind !== MailKind.CERTIFICATE_ISSUED) return undefined;
    const { certificate, verifyUrl } = request.data;
    const content = await renderCertificatePdf(certificate, verifyUrl);
    return [{ filename: `certificate-${certificate.code}.pdf`, contentType: 'application/pdf', content }];
  }

  /**
   * Takes the ledger row for this attempt: new, or left RETRYING/FAILED, or SENDING by a worker whose lock has run
   * out. False when the message was already sent. A row another worker is sending right now is a retryable error.
   */
  private async claim(key: string, request: MailRequest, mail: ComposedMail, queue: string): Promise<boolean> {
    const claimed = await this.ledger.run({
      claim: {
        key,
        queue,
        kind: request.kind,
        recipientId: request.to.userId,
        recipientEmail: request.to.email,
        messageId: mail.messageId,
        subject: mail.subject.slice(0, 500),
      },
    });
    if (claimed) return true;
    const current = await this.deliveries.findOne({ where: { key }, select: { id: true, status: true } });
    if (current?.status === MailDeliveryStatus.SENT) return false;
    throw new Error(`message ${key} is being sent by another worker`);
  }

  /**
   * The ledger writes of the same moment as one statement and one commit (see Coalescer): the SENT marks of the
   * messages the server has accepted, and the claims of the messages about to go out, true for each row inserted or
   * taken over. A key twice in one batch (the same job run twice at once) is claimed once; the other call finds the
   * row taken, as if it had come a moment later. A claim of a key being marked SENT in the same batch (a second run
   * of a job whose message has just gone) is not tried: its caller finds the row SENT.
   */
  private async writeBatch(writes: LedgerWrite[]): Promise<boolean[]> {
    const sent = writes.flatMap((w) => ('sent' in w ? [w.sent] : [])).sort();
    const marked = new Set(sent);
    const first = new Map<string, LedgerClaim>();
    for (const w of writes)
      if ('claim' in w && !marked.has(w.claim.key) && !first.has(w.claim.key)) first.set(w.claim.key, w.claim);
    // In key order, as any other process's batch: two batches taking the same rows lock them in the same order.
    const rows = [...first.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const markSent = `UPDATE mail_delivery SET status = 'SENT', sent_at = $2, last_error = NULL, updated_at = now()
       WHERE key = ANY($1::varchar[])`;
    if (!rows.length) {
      await this.db.query(markSent, [sent, this.clock.now()]);
      return writes.map(() => true);
    }
    // The SENT marks go along even when there are none: an UPDATE of no key costs nothing, and the statement's
    // parameters stay the same.
    const claimed: { key: string }[] = await this.db.query(
      `WITH sent AS (${markSent} RETURNING 1)
       INSERT INTO mail_delivery (key, queue, kind, recipient_id, recipient_email, message_id, subject, status, attempts)
       SELECT key, queue, kind, recipient_id, recipient_email, message_id, subject, 'SENDING', 1
         FROM unnest($3::varchar[], $4::varchar[], $5::varchar[], $6::uuid[], $7::varchar[], $8::varchar[], $9::varchar[])
              AS c(key, queue, kind, recipient_id, recipient_email, message_id, subject)
       ON CONFLICT (key) DO UPDATE SET status = 'SENDING', attempts = mail_delivery.attempts + 1, updated_at = now(),
              subject = EXCLUDED.subject
        WHERE mail_delivery.status IN ('RETRYING', 'FAILED')
           OR (mail_delivery.status = 'SENDING' AND mail_delivery.updated_at < now() - make_interval(secs => $10))
       RETURNING key`,
      [
        sent,
        this.clock.now(),
        rows.map((c) => c.key),
        rows.map((c) => c.queue),
        rows.map((c) => c.kind),
        rows.map((c) => c.recipientId),
        rows.map((c) => c.recipientEmail),
        rows.map((c) => c.messageId),
        rows.map((c) => c.subject),
        this.config.jobs.lockDurationMs / 1000,
      ],
    );
    const taken = new Set(claimed.map((r) => r.key));
    return writes.map((w) => ('sent' in w ? true : first.get(w.claim.key) === w.claim && taken.has(w.claim.key)));
  }

  /** The ledger, newest last, optionally one status or one recipient (Secretariat). */
  list(
    filter: { status?: MailDeliveryStatus | null; recipientEmail?: string | null },
    first: number,
    after: string | null,
  ): Promise<Connection<MailDeliveryEntity>> {
    const qb = this.deliveries.createQueryBuilder('d');
    if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
    if (filter.recipientEmail)
      qb.andWhere('lower(d.recipient_email) = lower(:email)', { email: filter.recipientEmail });
    return paginateByTimeAndId(
      qb,
      { first, after },
      {
        timeColumn: 'd.created_at',
        idColumn: 'd.id',
      },
    );
  }

  /** Puts a FAILED message back in its queue for another round of attempts (Secretariat). */
  async retry(id: string): Promise<MailDeliveryEntity> {
    const delivery = isUuid(id) ? await this.deliveries.findOne({ where: { id } }) : null;
    if (!delivery) throw notFound('MailDelivery', id);
    if (delivery.status !== MailDeliveryStatus.FAILED) {
      throw conflict('NOT_FAILED', `only a FAILED message can be retried; this one is ${delivery.status}`);
    }
    const name = delivery.queue === QueueName.REMINDERS ? QueueName.REMINDERS : QueueName.MAIL;
    const outcome = await this.queues.retryFailed(name, delivery.key);
    if (outcome === 'GONE') throw conflict('JOB_GONE', 'the job of this message is no longer in the queue');
    if (outcome === 'NOT_FAILED') {
      throw conflict('JOB_NOT_FAILED', 'the job of this message is already back in its queue');
    }
    await this.deliveries.update({ id, status: MailDeliveryStatus.FAILED }, { status: MailDeliveryStatus.RETRYING });
    return { ...delivery, status: MailDeliveryStatus.RETRYING };
  }
}

/** One write to the ledger: a row to claim for one attempt at a message, or the key of a message now SENT. */
type LedgerWrite = { claim: LedgerClaim } | { sent: string };

/** A ledger row to claim for one attempt at a message. */
interface LedgerClaim {
  key: string;
  queue: string;
  kind: string;
  recipientId: string;
  recipientEmail: string;
  messageId: string;
  subject: string;
}

function describe(err: unknown): string {
  const e = err as { message?: string; responseCode?: number; response?: string };
  return (e.response ?? e.message ?? String(err)).slice(0, 1000);
}
