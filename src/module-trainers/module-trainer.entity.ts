import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { ThematicModule } from '../catalogue/thematic-module.entity';

/**
 * A trainer the Secretariat assigned to a thematic module: they author its assessments and materials and see its
 * answer keys (`mayAuthorModule` in auth/policies). Only `assignTrainer` makes one: running, scheduling or cancelling
 * a session of the module gives no such right (issue #13).
 */
@Entity('module_trainer')
@Index('IDX_module_trainer_user', ['userId'])
export class ModuleTrainerEntity {
  @PrimaryColumn({ type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => ThematicModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id' })
  module?: ThematicModule;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The Secretariat user who assigned them; null for assignments carried over from sessions by the migration. */
  @Column({ type: 'uuid', nullable: true })
  assignedById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_by_id' })
  assignedBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  assignedAt: Date;
}
