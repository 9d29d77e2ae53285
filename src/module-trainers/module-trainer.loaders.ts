import type { GqlContext } from '../graphql/context';
import { ModuleTrainersService } from './module-trainers.service';

/** The ids of a module's assigned trainers, batched per request: one query for every module of a response. */
export const loadModuleTrainerIds = (
  ctx: GqlContext,
  service: ModuleTrainersService,
  moduleId: string,
): Promise<string[]> =>
  ctx.loaders.get<string, string[]>('catalogue.moduleTrainerIds', (ids) => service.trainerIdsOf(ids)).load(moduleId);
