import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { User } from '../auth/user.entity';
import { Language } from '../catalogue/catalogue.enums';
import { StoredFileEntity } from './stored-file.entity';

export enum MaterialStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(MaterialStatus, { name: 'MaterialStatus' });

/**
 * One version of a training material. Versions of the same material share a `lineageId` (the id of version 1);
 * revising a published version adds a row with the next version number and leaves the published one as it was.
 * A material is a link (`url`) or a file (`fileSha256`, a stored file, with the name it was uploaded under); a draft
 * may have neither yet, a published version has one of the two.
 */
@ObjectType()
@Entity('training_material')
@Index('UQ_material_lineage_version', ['lineageId', 'version'], { unique: true })
@Check(
  'CHK_material_published_has_content',
  `"status" <> 'PUBLISHED' OR "url" IS NOT NULL OR "file_sha256" IS NOT NULL`,
)
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

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  /** The stored file of this version (its SHA-256), if it is a file material. */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  fileSha256: string | null;

  @ManyToOne(() => StoredFileEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_sha256', referencedColumnName: 'sha256' })
  storedFile?: StoredFileEntity;

  /** The name the file was uploaded under (shown, and given back on download). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

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
