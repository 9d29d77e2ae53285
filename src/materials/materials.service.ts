import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Clock } from '../clock/clock';
import { Brackets, DataSource, In, Repository, SelectQueryBuilder } from 'typeorm';
import { OutboxEventType } from '@lib/queue';
import { conflict, forbidden, isUuid, notFound } from '@lib/common';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ModuleTrainersService } from '../module-trainers/module-trainers.service';
import type { ThematicModule } from '../catalogue/thematic-module.entity';
import { isSecretariat, mayChangeMaterial, mayCreateMaterial } from '../auth/policies';
import { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { recipientOf } from '../auth/recipient';
import { EnrolmentQueriesService } from '../enrolments/enrolment-queries.service';
import { OutboxService } from '../outbox/outbox.service';
import { Connection, paginateByTimeAndId } from '../graphql/pagination';
import { MaterialInput } from './dto/material.input';
import { MaterialStatus, TrainingMaterial } from './material.entity';
import { StoredFileEntity } from './stored-file.entity';

/**
 * Training materials and their versions. Everybody sees PUBLISHED versions; drafts and archived versions only
 * their author and the Secretariat.
 */
@Injectable()
export class MaterialsService {
  constructor(
    @InjectRepository(TrainingMaterial) private readonly materials: Repository<TrainingMaterial>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly moduleTrainers: ModuleTrainersService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly enrolments: EnrolmentQueriesService,
    private readonly outbox: OutboxService,
  ) {}

  async create(input: MaterialInput, author: User): Promise<TrainingMaterial> {
    const [module] = await this.catalogue.requireModules([input.moduleCode], 'moduleCode');
    await this.requireMayCreate(author, module);
    const id = randomUUID();
    return this.materials.save(
      this.materials.create({
        id,
        lineageId: id,
        moduleId: module.id,
        title: input.title.trim(),
        description: input.description ?? null,
        language: input.language,
        url: input.url ?? null,
        version: 1,
        status: MaterialStatus.DRAFT,
        authorId: author.id,
      }),
    );
  }

  /** A draft is edited in place; a published version gets a new draft version (or its pending draft is edited). */
  async update(id: string, input: MaterialInput, actor: User): Promise<TrainingMaterial> {
    const material = await this.requireEditable(id, actor);
    const [module] = await this.catalogue.requireModules([input.moduleCode], 'moduleCode');
    // Moving a material to another module is writing into that module too.
    if (module.id !== material.moduleId) await this.requireMayCreate(actor, module);
    const fields: Partial<TrainingMaterial> = {
      moduleId: module.id,
      title: input.title.trim(),
      description: input.description ?? null,
      language: input.language,
      // A material is a link or a file: a new address replaces the file; omitted, the link or file stays.
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.url ? { fileSha256: null, fileName: null } : {}),
    };
    if (material.status === MaterialStatus.ARCHIVED) {
      throw conflict('MATERIAL_ARCHIVED', 'An archived material cannot be revised');
    }
    if (material.status === MaterialStatus.DRAFT) {
      await this.materials.update({ id: material.id }, fields);
      return (await this.materials.findOneBy({ id: material.id }))!;
    }
    const latest = await this.materials.findOne({
      where: { lineageId: material.lineageId },
      order: { version: 'DESC' },
    });
    if (latest && latest.status === MaterialStatus.DRAFT) {
      await this.materials.update({ id: latest.id }, fields);
      return (await this.materials.findOneBy({ id: latest.id }))!;
    }
    // The new version starts from the published one: its link or its file, unless the input changes it.
    return this.materials.save(
      this.materials.create({
        url: material.url,
        fileSha256: material.fileSha256,
        fileName: material.fileName,
        ...fields,
        lineageId: material.lineageId,
        version: (latest?.version ?? material.version) + 1,
        status: MaterialStatus.DRAFT,
        authorId: actor.id,
      }),
    );
  }

  /** Publishes a draft and, in the same transaction, records the event that tells the module's delegates. */
  async publish(id: string, actor: User): Promise<TrainingMaterial> {
    const material = await this.requireEditable(id, actor);
    if (material.status === MaterialStatus.PUBLISHED) return material;
    if (material.status === MaterialStatus.ARCHIVED) {
      throw conflict('MATERIAL_ARCHIVED', 'An archived material cannot be published');
    }
    if (!material.url && !material.fileSha256) {
      throw conflict('MATERIAL_EMPTY', 'Give the material a link or upload its file before publishing it');
    }
    const [module] = await this.catalogue.modulesByIds([material.moduleId]);
    const recipients = await this.users.usersByIds(await this.enrolments.seatHoldersOfModule(material.moduleId));
    return this.db.transaction(async (tx) => {
      const result = await tx.update(
        TrainingMaterial,
        { id: material.id, status: MaterialStatus.DRAFT },
        { status: MaterialStatus.PUBLISHED, publishedAt: this.clock.now() },
      );
      const published = (await tx.findOneBy(TrainingMaterial, { id: material.id }))!;
      if (result.affected !== 1) return published; // published meanwhile by someone else, who wrote the event
      const stored = published.fileSha256
        ? await tx.findOneBy(StoredFileEntity, { sha256: published.fileSha256 })
        : null;
      await this.outbox.append(tx, OutboxEventType.MATERIAL_PUBLISHED, published.id, {
        material: {
          id: published.id,
          title: published.title,
          url: published.url,
          file:
            stored && published.fileName
              ? { name: published.fileName, sizeBytes: stored.sizeBytes, contentType: stored.contentType }
              : null,
          language: published.language,
          version: published.version,
          module: { code: module.code, title: module.title },
        },
        recipients: recipients.map(recipientOf),
        by: { userId: actor.id, fullName: actor.fullName },
      });
      return published;
    });
  }

  async archive(id: string, actor: User): Promise<TrainingMaterial> {
    const material = await this.requireEditable(id, actor);
    if (material.status !== MaterialStatus.ARCHIVED) {
      await this.materials.update({ id: material.id }, { status: MaterialStatus.ARCHIVED });
    }
    return (await this.materials.findOneBy({ id: material.id }))!;
  }

  /**
   * The draft version a file may be uploaded to by `actor`: the rule of updateMaterial (requireEditable), and a DRAFT
   * (a published version is revised first: updateMaterial makes its new draft).
   */
  async requireDraftForFile(id: string, actor: User): Promise<TrainingMaterial> {
    const material = await this.requireEditable(id, actor);
    if (material.status !== MaterialStatus.DRAFT) {
      throw conflict(
        'MATERIAL_NOT_DRAFT',
        `Version ${material.version} is ${material.status}: files are uploaded to a draft (updateMaterial makes one)`,
      );
    }
    return material;
  }

  /**
   * Makes a stored file the content of a draft (and drops its link: a material is a link or a file). Checked again
   * here, at the end of the upload: the draft may have been published or archived meanwhile.
   */
  async attachFile(id: string, actor: User, file: { sha256: string; fileName: string }): Promise<TrainingMaterial> {
    const material = await this.requireDraftForFile(id, actor);
    const result = await this.materials.update(
      { id: material.id, status: MaterialStatus.DRAFT },
      { fileSha256: file.sha256, fileName: file.fileName, url: null },
    );
    if (result.affected !== 1) throw conflict('MATERIAL_NOT_DRAFT', 'The material was published meanwhile');
    return (await this.materials.findOneBy({ id: material.id }))!;
  }

  /** Records a file kept in storage by content (once: the same bytes again change nothing); returns its row. */
  async recordStoredFile(file: { sha256: string; sizeBytes: number; contentType: string }): Promise<StoredFileEntity> {
    const files = this.db.getRepository(StoredFileEntity);
    await files.createQueryBuilder().insert().values(file).orIgnore().execute();
    return (await files.findOneBy({ sha256: file.sha256 }))!;
  }

  /** Stored files by SHA-256, in one query (for a page of materials). */
  storedFiles(sha256s: readonly string[]): Promise<StoredFileEntity[]> {
    return this.db.getRepository(StoredFileEntity).findBy({ sha256: In([...sha256s]) });
  }

  /** One version whoever may see it (for a check that follows: a download link's version). */
  byId(id: string): Promise<TrainingMaterial | null> {
    return isUuid(id) ? this.materials.findOneBy({ id }) : Promise.resolve(null);
  }

  /** One version, if the viewer may see it. */
  async findVisible(id: string, viewer: User | null): Promise<TrainingMaterial | null> {
    if (!isUuid(id)) return null;
    const qb = this.materials.createQueryBuilder('m').where('m.id = :id', { id });
    return this.visibleTo(qb, viewer).getOne();
  }

  /** All versions of several materials (by lineage) that the viewer may see, newest first, in one query. */
  versionsOfLineages(lineageIds: readonly string[], viewer: User | null): Promise<TrainingMaterial[]> {
    const qb = this.materials
      .createQueryBuilder('m')
      .where('m.lineage_id IN (:...lineages)', { lineages: [...lineageIds] });
    return this.visibleTo(qb, viewer).orderBy('m.version', 'DESC').getMany();
  }

  /** A page of materials: by default the newest visible version of each, in creation order. */
  async list(
    filter: { moduleCode?: string | null; status?: MaterialStatus | null; allVersions?: boolean | null },
    viewer: User | null,
    first: number,
    after?: string | null,
  ): Promise<Connection<TrainingMaterial>> {
    const qb = this.visibleTo(this.materials.createQueryBuilder('m'), viewer);
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.moduleCode) {
      qb.andWhere('m.module_id IN (SELECT id FROM thematic_module WHERE code = :code)', {
        code: filter.moduleCode.toUpperCase(),
      });
    }
    if (!filter.allVersions) {
      const newer = this.visibleTo(
        this.materials
          .createQueryBuilder('n')
          .select('1')
          .where('n.lineage_id = m.lineage_id AND n.version > m.version'),
        viewer,
        'n',
      );
      if (filter.status) newer.andWhere('n.status = :status');
      qb.andWhere(`NOT EXISTS (${newer.getQuery()})`);
    }
    return paginateByTimeAndId(
      qb,
      { first, after },
      {
        timeColumn: 'm.created_at',
        idColumn: 'm.id',
      },
    );
  }

  private visibleTo<T extends SelectQueryBuilder<TrainingMaterial>>(qb: T, viewer: User | null, alias = 'm'): T {
    if (isSecretariat(viewer)) return qb;
    if (!viewer) return qb.andWhere(`${alias}.status = 'PUBLISHED'`) as T;
    return qb.andWhere(
      new Brackets((w) =>
        w.where(`${alias}.status = 'PUBLISHED'`).orWhere(`${alias}.author_id = :viewerId`, { viewerId: viewer.id }),
      ),
    ) as T;
  }

  private async requireMayCreate(actor: User, module: ThematicModule): Promise<void> {
    if (!mayCreateMaterial(actor, await this.moduleTrainers.idsOf(module.id))) {
      throw forbidden(`Only the Secretariat and the trainers assigned to ${module.code} may write its materials`);
    }
  }

  /** The Secretariat, or an author of the material (any version) still assigned to its module (mayChangeMaterial). */
  private async requireEditable(id: string, actor: User): Promise<TrainingMaterial> {
    const material = isUuid(id) ? await this.materials.findOneBy({ id }) : null;
    if (!material) throw notFound('Material', id);
    if (isSecretariat(actor)) return material;
    const authors: { author_id: string }[] = await this.db.query(
      'SELECT DISTINCT author_id FROM training_material WHERE lineage_id = $1',
      [material.lineageId],
    );
    const authorIds = authors.map((a) => a.author_id);
    // Someone else's draft stays as invisible as in every list.
    if (!authorIds.includes(actor.id) && material.status !== MaterialStatus.PUBLISHED) throw notFound('Material', id);
    if (!mayChangeMaterial(actor, authorIds, await this.moduleTrainers.idsOf(material.moduleId))) {
      throw forbidden('Only its author, while assigned to its module, or the Secretariat may change this material');
    }
    return material;
  }
}
