import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToOne,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Language, UnRegion } from '../catalogue/catalogue.enums';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { RegionalCentre } from '../catalogue/regional-centre.entity';
import { User } from '../auth/user.entity';
import { SessionKind, SessionStatus } from './session.enums';

/**
 * A webinar or a regional workshop (one table, `kind` tells which; workshop-only columns are null for webinars).
 * `seatsTaken` counts CONFIRMED, ATTENDED and COMPLETED enrolments; the CHECKs make overbooking impossible.
 */
@Entity('training_session')
@Index('IDX_session_starts_at_id', ['startsAt', 'id'])
@Check('CHK_session_seats', '"seats_taken" >= 0 AND "seats_taken" <= "capacity"')
@Check('CHK_session_capacity', '"capacity" >= 1')
@Check('CHK_session_times', '"ends_at" > "starts_at"')
@Check(
  'CHK_session_workshop_fields',
  `"kind" <> 'WORKSHOP' OR ("region" IS NOT NULL AND "venue" IS NOT NULL AND "planned_cost_cents" IS NOT NULL)`,
)
export class TrainingSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: SessionKind })
  kind: SessionKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'int', default: 0 })
  seatsTaken: number;

  /** The last waitlist ticket drawn: the waitlist is served in ticket order. */
  @Column({ type: 'int', default: 0 })
  waitlistTickets: number;

  @Index()
  @Column({ type: 'enum', enum: SessionStatus, default: SessionStatus.SCHEDULED })
  status: SessionStatus;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'enum', enum: Language, default: Language.EN })
  language: Language;

  /** Webinars: the link to the webinar platform, shown only to those who may join. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  joinUrl: string | null;

  @Index()
  @Column({ type: 'enum', enum: UnRegion, nullable: true })
  region: UnRegion | null;

  @Column({ type: 'uuid', nullable: true })
  hostCentreId: string | null;

  @ManyToOne(() => RegionalCentre, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'host_centre_id' })
  hostCentre?: RegionalCentre | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  venue: string | null;

  @Column({ type: 'int', default: 1 })
  fundedSeatsPerParty: number;

  @Column({ type: 'bigint', nullable: true })
  plannedCostCents: string | null;

  @Column({ type: 'bigint', nullable: true })
  actualCostCents: string | null;

  /** Bumped at every change of time or status, for calendar (ICS) updates. */
  @Column({ type: 'int', default: 0 })
  sequence: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToMany(() => ThematicModule)
  @JoinTable({
    name: 'session_module',
    joinColumn: { name: 'session_id' },
    inverseJoinColumn: { name: 'module_id' },
  })
  modules?: ThematicModule[];

  @ManyToMany(() => ThematicModule)
  @JoinTable({
    name: 'session_prerequisite',
    joinColumn: { name: 'session_id' },
    inverseJoinColumn: { name: 'module_id' },
  })
  prerequisiteModules?: ThematicModule[];

  @ManyToMany(() => User)
  @JoinTable({
    name: 'session_trainer',
    joinColumn: { name: 'session_id' },
    inverseJoinColumn: { name: 'user_id' },
  })
  trainers?: User[];
}
