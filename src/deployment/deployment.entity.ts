import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which deployment a database belongs to: one row, made by the first process to start on an empty database and
 * read by every process after it (API and workers alike). It holds what must be shared by the deployment's processes
 * and by no one else: the JWT secret (when JWT_SECRET is not set) and the id that names its Redis keys and its jobs.
 */
@Entity('deployment')
@Check('CHK_deployment_singleton', '"singleton"')
export class DeploymentEntity {
  /** Always true: the primary key and the check together allow one row only. */
  @PrimaryColumn({ type: 'boolean', default: true })
  singleton: boolean;

  @Column({ type: 'uuid' })
  deploymentId: string;

  /** 256 random bits, base64url. Never selected by TypeORM reads: only the start-up code reads it. */
  @Column({ type: 'varchar', length: 100, select: false })
  jwtSecret: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
