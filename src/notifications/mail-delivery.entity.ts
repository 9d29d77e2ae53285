import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MailKind } from '@lib/mailer';

export enum MailDeliveryStatus {
  /** An attempt is under way. */
  SENDING = 'SENDING',
  /** The last attempt failed; the queue will try again. */
  RETRYING = 'RETRYING',
  SENT = 'SENT',
  /** Every attempt failed, or the address was refused for good; the Secretariat can retry it. */
  FAILED = 'FAILED',
}
registerEnumType(MailDeliveryStatus, { name: 'MailDeliveryStatus' });
registerEnumType(MailKind, { name: 'MailKind' });

/**
 * The ledger of e-mails: one row per message (recipient, kind and occurrence), keyed by the job id that carries it.
 * A job that runs again finds its row SENT and sends nothing.
 */
@ObjectType('MailDelivery', { description: 'One e-mail the platform sends, and how its delivery went' })
@Entity('mail_delivery')
@Index('IDX_mail_delivery_status', ['status', 'createdAt'])
export class MailDeliveryEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Recipient, kind and occurrence: the job id and the left part of the Message-ID. */
  @Column({ type: 'varchar', length: 200, unique: true })
  key: string;

  /** The queue the job lives in (mail or reminders), to find it again for a retry. */
  @Column({ type: 'varchar', length: 20 })
  queue: string;

  @Field(() => MailKind)
  @Column({ type: 'varchar', length: 40 })
  kind: MailKind;

  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  @Field()
  @Column({ type: 'varchar', length: 320 })
  recipientEmail: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  messageId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  subject: string | null;

  @Field(() => MailDeliveryStatus)
  @Column({ type: 'enum', enum: MailDeliveryStatus, enumName: 'mail_delivery_status' })
  status: MailDeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => String, { nullable: true, description: 'The last failure, as the mail server or the network gave it' })
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
