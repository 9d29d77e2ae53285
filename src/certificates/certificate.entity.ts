import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CertificateDocument } from '@lib/documents';
import { User } from '../auth/user.entity';
import { EnrolmentEntity } from '../enrolments/enrolment.entity';
import { TrainingSessionEntity } from '../sessions/session.entity';

/**
 * A certificate of completion: one per delegate and session (unique), made by the certificate job. `document` holds
 * what the PDF shows, fixed at issue, so the PDF served later is the one that was e-mailed.
 */
@Entity('certificate')
@Index('UQ_certificate_code', ['code'], { unique: true })
@Index('UQ_certificate_delegate_session', ['sessionId', 'delegateId'], { unique: true })
@Index('UQ_certificate_enrolment', ['enrolmentId'], { unique: true })
@Index('IDX_certificate_delegate', ['delegateId', 'issuedAt'])
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The verification code: 192 random bits, base64url (32 characters). */
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'uuid' })
  enrolmentId: string;

  @ManyToOne(() => EnrolmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: EnrolmentEntity;

  @Column({ type: 'uuid' })
  delegateId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegate_id' })
  delegate?: User;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => TrainingSessionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: TrainingSessionEntity;

  @Column({ type: 'jsonb' })
  document: CertificateDocument;

  @CreateDateColumn({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revocationReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  revokedById: string | null;
}
