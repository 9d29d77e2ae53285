import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxEventType, type OutboxPayloads } from '@lib/queue';
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
};

/** Writes events to the outbox. Always inside the caller's transaction: the event commits or rolls back with the change. */
@Injectable()
export class OutboxService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
