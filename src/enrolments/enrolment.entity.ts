import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from '../catalogue/party.entity';
import { User } from '../auth/user.entity';
import { TrainingSessionEntity } from '../sessions/session.entity';
import { ENDED, EnrolmentStatus, sqlList, WAITING } from './enrolment-status.enum';

/**
 * A delegate's place in a session. At most one active (not CANCELLED, DECLINED or EXPIRED) enrolment per delegate
 * and session, enforced by a unique partial index (renamed when EXPIRED joined its predicate: TypeORM compares no
 * index predicates, so only a new name has the migration generator drop and create it). The waitlist order is the
 * ticket drawn from the session's counter when the enrolment joined the waitlist; the position shown is its rank
 * among the session's WAITLISTED enrolments, so positions are 1..n without gaps by construction.
 */
@Entity('enrolment')
@Index('UQ_enrolment_active_delegate', ['sessionId', 'delegateId'], {
  unique: true,
  where: `"status" NOT IN (${sqlList(ENDED)})`,
})
@Index('UQ_enrolment_waitlist_ticket', ['sessionId', 'waitlistTicket'], { unique: true })
@Index('IDX_enrolment_waitlist', ['sessionId', 'waitlistTicket'], { where: `"status" = 'WAITLISTED'` })
// Small (only enrolments still waiting): the sweep that expires them once their session starts reads it every minute.
@Index('IDX_enrolment_waiting', ['sessionId'], { where: `"status" IN (${sqlList(WAITING)})` })
@Index('IDX_enrolment_session_created', ['sessionId', 'createdAt', 'id'])
@Index('IDX_enrolment_delegate_created', ['delegateId', 'createdAt', 'id'])
@Index('IDX_enrolment_party_created', ['partyCode', 'createdAt', 'id'])
@Check('CHK_enrolment_waitlisted_ticket', `"status" <> 'WAITLISTED' OR "waitlist_ticket" IS NOT NULL`)
export class EnrolmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => TrainingSessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: TrainingSessionEntity;

  @Column({ type: 'uuid' })
  delegateId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegate_id' })
  delegate?: User;

  /** The delegate's Party when they enrolled (what funding and the statistics go by). */
  @Column({ type: 'char', length: 3 })
  partyCode: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_code' })
  party?: Party;

  /** The delegate's self-declared gender when they enrolled (what the statistics go by); null if not given. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  gender: string | null;

  @Column({ type: 'enum', enum: EnrolmentStatus })
  status: EnrolmentStatus;

  /** Drawn from the session's counter when the enrolment joined the waitlist; null if it never did. */
  @Column({ type: 'int', nullable: true })
  waitlistTicket: number | null;

  /** Travel funded by the programme (workshops, DEVELOPING and EIT Parties, within the per-Party allowance). */
  @Column({ type: 'boolean', default: false })
  funded: boolean;

  @Column({ type: 'uuid', nullable: true })
  endorsedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  endorsedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  statusChangedAt: Date;
}

/** One change of an enrolment's status: who, when, from and to (from is null for the enrolment's first status). */
@Entity('enrolment_change')
@Index('IDX_enrolment_change_enrolment', ['enrolmentId', 'at'])
export class EnrolmentChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  enrolmentId: string;

  @ManyToOne(() => EnrolmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: EnrolmentEntity;

  @Column({ type: 'enum', enum: EnrolmentStatus, nullable: true })
  fromStatus: EnrolmentStatus | null;

  @Column({ type: 'enum', enum: EnrolmentStatus })
  toStatus: EnrolmentStatus;

  /** Who made the change; null when the platform did. */
  @Column({ type: 'uuid', nullable: true })
  byId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'by_id' })
  by?: User | null;

  @Column({ type: 'varchar', length: 300 })
  reason: string;

  /** The words of whoever made the change, when they gave any (endorseEnrolment's `reason`); up to 500 characters. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
