import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxEventType, type OutboxPayload } from '@lib/queue';

/**
 * One event to tell people about, written in the transaction of the change it describes (so it exists exactly when
 * the change does). The relay of the notifications work moves undispatched rows to the queue, with `id` as the job id.
 */
@Entity('outbox_event')
@Index('IDX_outbox_undispatched', ['createdAt'], { where: '"dispatched_at" IS NULL' })
@Index('IDX_outbox_aggregate', ['aggregateId', 'createdAt'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: OutboxEventType })
  type: OutboxEventType;

  /** What changed: an enrolment, a session, a material or an account. */
  @Column({ type: 'varchar', length: 40 })
  aggregateType: 'ENROLMENT' | 'SESSION' | 'MATERIAL' | 'USER' | 'CERTIFICATE';

  @Column({ type: 'uuid' })
  aggregateId: string;

  @Column({ type: 'jsonb' })
  payload: OutboxPayload;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
