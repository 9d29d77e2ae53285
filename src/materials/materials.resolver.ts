import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CatalogueService } from '../catalogue/catalogue.service';
import { loadModule } from '../catalogue/catalogue.loaders';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import type { GqlContext } from '../graphql/context';
import { ConnectionType, PageArgs } from '../graphql/pagination';
import { MaterialInput } from './dto/material.input';
import { MaterialStatus, TrainingMaterial } from './material.entity';
import { loadVersions } from './material.loaders';
import { MaterialsService } from './materials.service';
import { DownloadTokens } from './download-tokens';
import { MaterialFile } from './models/material-file.model';
import type { StoredFileEntity } from './stored-file.entity';
import { byKeys } from '../graphql/loaders';
import { isSecretariat } from '../auth/policies';

export const TrainingMaterialConnection = ConnectionType(TrainingMaterial, 'TrainingMaterial');

@Resolver(() => TrainingMaterial)
export class MaterialsResolver {
  constructor(
    private readonly service: MaterialsService,
    private readonly catalogue: CatalogueService,
    private readonly tokens: DownloadTokens,
  ) {}

  @Query(() => TrainingMaterialConnection, {
    description: 'Published materials for everybody; drafts and archived versions for their author and the Secretariat',
  })
  materials(
    @CurrentUser() viewer: User | null,
    @Args('moduleCode', { type: () => String, nullable: true }) moduleCode: string | null,
    @Args('status', { type: () => MaterialStatus, nullable: true }) status: MaterialStatus | null,
    @Args('allVersions', {
      type: () => Boolean,
      defaultValue: false,
      description: 'every version, not only the newest',
    })
    allVersions: boolean,
    @Args() { first, after }: PageArgs,
  ) {
    return this.service.list({ moduleCode, status, allVersions }, viewer, first, after);
  }

  @Query(() => TrainingMaterial, { nullable: true })
  material(@Args('id', { type: () => ID }) id: string, @CurrentUser() viewer: User | null) {
    return this.service.findVisible(id, viewer);
  }

  @Roles(Role.TRAINER, Role.SECRETARIAT)
  @Mutation(() => TrainingMaterial, {
    description: 'A new material, as a DRAFT: SECRETARIAT, or a TRAINER assigned to the module',
  })
  createMaterial(@Args('input') input: MaterialInput, @CurrentUser() actor: User) {
    return this.service.create(input, actor);
  }

  @Roles(Role.TRAINER, Role.SECRETARIAT)
  @Mutation(() => TrainingMaterial, { description: 'A published material gets a new version; a draft is edited' })
  updateMaterial(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: MaterialInput,
    @CurrentUser() actor: User,
  ) {
    return this.service.update(id, input, actor);
  }

  @Roles(Role.TRAINER, Role.SECRETARIAT)
  @Mutation(() => TrainingMaterial)
  publishMaterial(@Args('id', { type: () => ID }) id: string, @CurrentUser() actor: User) {
    return this.service.publish(id, actor);
  }

  @Roles(Role.TRAINER, Role.SECRETARIAT)
  @Mutation(() => TrainingMaterial)
  archiveMaterial(@Args('id', { type: () => ID }) id: string, @CurrentUser() actor: User) {
    return this.service.archive(id, actor);
  }

  @ResolveField(() => ThematicModule)
  async module(@Parent() material: TrainingMaterial, @Context() ctx: GqlContext) {
    return (await loadModule(ctx, this.catalogue, material.moduleId))!;
  }

  @ResolveField(() => String, { nullable: true })
  url(@Parent() material: TrainingMaterial): string | null {
    return material.url;
  }

  @ResolveField(() => MaterialFile, { nullable: true, description: 'The file of a file material; null for a link' })
  async file(
    @Parent() material: TrainingMaterial,
    @CurrentUser() viewer: User | null,
    @Context() ctx: GqlContext,
  ): Promise<MaterialFile | null> {
    if (!material.fileSha256 || !material.fileName) return null;
    const stored = await ctx.loaders
      .get<string, StoredFileEntity | null>('materials.storedFiles', async (keys) =>
        byKeys(keys, await this.service.storedFiles(keys), (f) => f.sha256),
      )
      .load(material.fileSha256);
    if (!stored) return null;
    return {
      fileName: material.fileName,
      contentType: stored.contentType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      downloadUrl: mayDownload(viewer, material) ? this.tokens.path(viewer!.id, material.id) : null,
    };
  }

  @ResolveField(() => ID, { description: 'Shared by every version of this material' })
  materialId(@Parent() material: TrainingMaterial): string {
    return material.lineageId;
  }

  @ResolveField(() => [TrainingMaterial], { description: 'The versions the viewer may see, newest first' })
  versions(@Parent() material: TrainingMaterial, @CurrentUser() viewer: User | null, @Context() ctx: GqlContext) {
    return loadVersions(ctx, this.service, material.lineageId, viewer);
  }
}

/** findVisible's rule: published versions for every signed-in user, the others for their author and the Secretariat. */
function mayDownload(viewer: User | null, material: TrainingMaterial): boolean {
  if (!viewer) return false;
  return material.status === MaterialStatus.PUBLISHED || material.authorId === viewer.id || isSecretariat(viewer);
}
