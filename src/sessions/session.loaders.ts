import type { GqlContext } from '../graphql/context';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { User } from '../auth/user.entity';
import { SessionsService } from './sessions.service';
import { TrainingSessionEntity } from './session.entity';

/** Per-request batch loads of what hangs off a session: a page of 50 sessions costs as many queries as 5. */
export const loadSessionModules = (ctx: GqlContext, sessions: SessionsService, id: string) =>
  ctx.loaders.get<string, ThematicModule[]>('session.modules', (ids) => sessions.modulesOf(ids)).load(id);

export const loadSessionPrerequisites = (ctx: GqlContext, sessions: SessionsService, id: string) =>
  ctx.loaders.get<string, ThematicModule[]>('session.prerequisites', (ids) => sessions.prerequisitesOf(ids)).load(id);

export const loadSessionTrainers = (ctx: GqlContext, sessions: SessionsService, id: string) =>
  ctx.loaders.get<string, User[]>('session.trainers', (ids) => sessions.trainersOf(ids)).load(id);

export const loadSession = (ctx: GqlContext, sessions: SessionsService, id: string) =>
  ctx.loaders.get<string, TrainingSessionEntity | null>('session.byId', (ids) => sessions.sessionsByIds(ids)).load(id);
