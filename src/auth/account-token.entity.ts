import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountTokenPurpose } from './account-token-purpose.enum';
import { User } from './user.entity';

/**
 * A one-time token sent to an account's address. Only its SHA-256 is kept, so a copy of the database confirms
 * nothing; it works once (`usedAt`) and until `expiresAt`.
 */
@Entity('account_token')
@Index('IDX_account_token_user', ['userId', 'purpose'])
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'enum', enum: AccountTokenPurpose, enumName: 'account_token_purpose' })
  purpose: AccountTokenPurpose;

  /** SHA-256 (hex) of the token; the token itself exists only in the e-mail. */
  @Index('UQ_account_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
