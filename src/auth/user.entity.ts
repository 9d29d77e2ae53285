import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Language } from '../catalogue/catalogue.enums';
import { Party } from '../catalogue/party.entity';
import { RegionalCentre } from '../catalogue/regional-centre.entity';
import { Role } from './role.enum';

/**
 * An account. `email` and `gender` are exposed through field resolvers that check who is asking
 * (the user, their Party's focal point, the Secretariat), never as plain fields.
 */
@ObjectType()
@Entity('app_user')
@Index('UQ_app_user_email', ['email'], { unique: true })
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased and trimmed. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Field(() => [Role])
  @Column({ type: 'enum', enum: Role, array: true })
  roles: Role[];

  @Index()
  @Column({ type: 'char', length: 3, nullable: true })
  partyCode: string | null;

  @ManyToOne(() => Party, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_code' })
  party?: Party | null;

  @Column({ type: 'uuid', nullable: true })
  regionalCentreId: string | null;

  @ManyToOne(() => RegionalCentre, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'regional_centre_id' })
  regionalCentre?: RegionalCentre | null;

  @Field(() => Language)
  @Column({ type: 'enum', enum: Language, default: Language.EN })
  language: Language;

  @Field()
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  /** Self-declared: female, male, other, or null when not given. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  gender: string | null;

  /** Bumped to invalidate every token issued before (disable, password change). */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /**
   * When the owner followed the link of the confirmation e-mail; null until then, and such an account cannot sign
   * in. Accounts the platform or the Secretariat makes are confirmed at creation.
   */
  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** SHA-256 (hex) of the personal calendar feed's token; the token itself is shown once, when made. */
  @Index('UQ_user_calendar_token', { unique: true, where: '"calendar_token_hash" IS NOT NULL' })
  @Column({ type: 'char', length: 64, nullable: true, select: false })
  calendarTokenHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

// The GraphQL context's viewer is this account: graphql/ declares the slot, auth/ says what fills it.
declare module '../graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the merge is the point
  interface Viewer extends User {}
}
