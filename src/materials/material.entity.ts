import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { User } from '../auth/user.entity';
import { Language } from '../catalogue/catalogue.enums';

export enum MaterialStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(MaterialStatus, { name: 'MaterialStatus' });

/**
 * One version of a training material. Versions of the same material share a `lineageId` (the id of version 1);
 * revising a published version adds a row with the next version number and leaves the published one as it was.
 */
@ObjectType()
@Entity('training_material')
@Index('UQ_material_lineage_version', ['lineageId', 'version'], { unique: true })
export class TrainingMaterial {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  lineageId: string;

  @Index()
  @Column({ type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => ThematicModule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  moduleRef?: ThematicModule;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => Language)
  @Column({ type: 'enum', enum: Language })
  language: Language;

  @Field(() => Int)
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field(() => MaterialStatus)
  @Column({ type: 'enum', enum: MaterialStatus, default: MaterialStatus.DRAFT })
  status: MaterialStatus;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Index()
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
