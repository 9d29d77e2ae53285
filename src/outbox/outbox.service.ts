import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxEventType, type OutboxClaim, type OutboxPayloads, type OutboxStore } from '@lib/queue';
import { OutboxEventEntity } from './outbox.entity';

const AGGREGATE_OF: Record<OutboxEventType, OutboxEventEntity['aggregateType']> = {
  [OutboxEventType.ENROLMENT_CONFIRMED]: 'ENROLMENT',
  [OutboxEventType.ENROLMENT_WAITLISTED]: 'ENROLMENT',
  [OutboxEventType.ENROLMENT_PROMOTED]: 'ENROLMENT',
  [OutboxEventType.ENDORSEMENT_REQUESTED]: 'ENROLMENT',
  [OutboxEventType.ENROLMENT_DECLINED]: 'ENROLMENT',
  [OutboxEventType.ENROLMENT_CANCELLED]: 'ENROLMENT',
  [OutboxEventType.SESSION_RESCHEDULED]: 'SESSION',
  [OutboxEventType.SESSION_CANCELLED]: 'SESSION',
  [OutboxEventType.SESSION_COMPLETED]: 'SESSION',
  [OutboxEventType.ENROLMENT_COMPLETED]: 'ENROLMENT',
  [OutboxEventType.MATERIAL_PUBLISHED]: 'MATERIAL',
  [OutboxEventType.ENROLMENTS_EXPIRED]: 'SESSION',
  [OutboxEventType.CERTIFICATE_REVOKED]: 'CERTIFICATE',
  [OutboxEventType.EMAIL_VERIFICATION_REQUESTED]: 'USER',
  [OutboxEventType.REGISTRATION_ATTEMPTED]: 'USER',
  [OutboxEventType.PASSWORD_RESET_REQUESTED]: 'USER',
};

/** Writes events to the outbox. Always inside the caller's transaction: the event commits or rolls back with the change. */
@Injectable()
export class OutboxService implements OutboxStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The relay's side of the table: rows claimed with FOR UPDATE SKIP LOCKED (several relays share the work) and
   * marked dispatched in the same transaction, which commits only if `work` resolves.
   */
  claimBatch<R>(limit: number, work: (claim: OutboxClaim) => Promise<R>): Promise<R> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string; type: OutboxEventType; payload: any; created_at: Date }[] = await tx.query(
        `SELECT id, type, payload, created_at FROM outbox_event
          WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      return work({
        events: rows.map((r) => ({ id: r.id, type: r.type, payload: r.payload, createdAt: r.created_at })),
        markDispatched: async (ids) => {
          await tx.query(`UPDATE outbox_event SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
        },
      });
    });
  }

  /** Events not yet handed to the queues, and the age in seconds of the oldest (null when none wait). */
  async backlog(): Promise<{ waiting: number; oldestSeconds: number | null }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS waiting, EXTRACT(EPOCH FROM now() - min(created_at))::int AS "oldestSeconds"
         FROM outbox_event WHERE dispatched_at IS NULL`,
    );
    return row;
  }

  async append<T extends OutboxEventType>(
    tx: EntityManager,
    type: T,
    aggregateId: string,
    payload: OutboxPayloads[T],
  ): Promise<string> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error(`outbox event ${type} written outside a transaction`);
    }
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4) RETURNING id`,
      [type, AGGREGATE_OF[type], aggregateId, JSON.stringify(payload)],
    );
    return rows[0].id;
  }
}
