import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TrainingSessionEntity } from '../sessions/session.entity';

/** A component of the programme budget (the seed sheet's lines), planned in cents. */
@Entity('budget_line')
export class BudgetLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  component: string;

  @Column({ type: 'bigint' })
  plannedCents: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;
}

/** Cofunding pledged by a donor. */
@Entity('pledge')
@Check('CHK_pledge_amount', '"amount_cents" > 0')
export class PledgeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  donor: string;

  @Column({ type: 'bigint' })
  amountCents: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** Money spent against a budget component, optionally for one workshop. */
@Entity('expenditure')
@Check('CHK_expenditure_amount', '"amount_cents" > 0')
export class ExpenditureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  budgetLineId: string;

  @ManyToOne(() => BudgetLineEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'budget_line_id' })
  budgetLine?: BudgetLineEntity;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @ManyToOne(() => TrainingSessionEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: TrainingSessionEntity | null;

  @Column({ type: 'bigint' })
  amountCents: string;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** Single figures of the programme that are not sums of rows (the COP-approved budget). */
@Entity('programme_figure')
export class ProgrammeFigureEntity {
  @Column({ type: 'varchar', length: 60, primary: true })
  key: string;

  @Column({ type: 'bigint' })
  valueCents: string;
}
