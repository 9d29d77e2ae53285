import type { User } from '../auth/user.entity';
import type { GqlContext } from '../graphql/context';
import { groupByKeys } from '../graphql/loaders';
import type { TrainingMaterial } from './material.entity';
import { MaterialsService } from './materials.service';

/**
 * Request-scoped batch load of the versions of materials (by lineage) that the viewer may see, newest first: one query
 * for every material of a page. The viewer is the request's, the same for every key of the loader.
 */
export function loadVersions(
  ctx: GqlContext,
  materials: MaterialsService,
  lineageId: string,
  viewer: User | null,
): Promise<TrainingMaterial[]> {
  return ctx.loaders
    .get<string, TrainingMaterial[]>('materials.versions', async (ids) =>
      groupByKeys(ids, await materials.versionsOfLineages(ids, viewer), (m) => m.lineageId),
    )
    .load(lineageId);
}
