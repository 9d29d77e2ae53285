import { Args, Context, Float, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { centsToUsd } from '@lib/common';
import { CatalogueService } from '../catalogue/catalogue.service';
import { loadCentre } from '../catalogue/catalogue.loaders';
import { RegionalCentre } from '../catalogue/regional-centre.entity';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { UnRegion } from '../catalogue/catalogue.enums';
import { CurrentUser } from '../auth/current-user.decorator';
import { maySeeBudgetFigures } from '../auth/policies';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import type { GqlContext } from '../graphql/context';
import { ConnectionType, PageArgs } from '../graphql/pagination';
import { WebinarInput, WorkshopInput } from './dto/session.inputs';
import { TrainingSession, Webinar, Workshop } from './models/training-session.model';
import { TrainingSessionEntity } from './session.entity';
import { SessionKind, SessionStatus } from './session.enums';
import { loadSessionModules, loadSessionPrerequisites, loadSessionTrainers } from './session.loaders';
import { SessionSchedulingService } from './session-scheduling.service';
import { SessionsService } from './sessions.service';

export const TrainingSessionConnection = ConnectionType(TrainingSession, 'TrainingSession');

@Resolver(() => TrainingSession)
export class SessionsResolver {
  constructor(
    private readonly service: SessionsService,
    private readonly scheduling: SessionSchedulingService,
  ) {}

  @Query(() => TrainingSessionConnection, { description: 'The catalogue of webinars and workshops, in start order' })
  sessions(
    @Args('kind', { type: () => SessionKind, nullable: true }) kind: SessionKind | null,
    @Args('moduleCode', { type: () => String, nullable: true }) moduleCode: string | null,
    @Args('region', { type: () => UnRegion, nullable: true }) region: UnRegion | null,
    @Args('from', { type: () => Date, nullable: true, description: 'sessions ending at or after this time' })
    from: Date | null,
    @Args('to', { type: () => Date, nullable: true, description: 'sessions starting at or before this time' })
    to: Date | null,
    @Args('status', { type: () => SessionStatus, nullable: true }) status: SessionStatus | null,
    @Args() { first, after }: PageArgs,
  ) {
    return this.service.list({ kind, moduleCode, region, from, to, status }, first, after);
  }

  @Query(() => TrainingSession, { nullable: true })
  session(@Args('id', { type: () => ID }) id: string): Promise<TrainingSessionEntity | null> {
    return this.service.findById(id);
  }

  @Roles(Role.SECRETARIAT, Role.TRAINER)
  @Mutation(() => Webinar, { description: 'SECRETARIAT, or a TRAINER assigned to the module, who runs it' })
  scheduleWebinar(@Args('input') input: WebinarInput, @CurrentUser() actor: User) {
    return this.scheduling.scheduleWebinar(input, actor);
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => Workshop)
  createWorkshop(@Args('input') input: WorkshopInput, @CurrentUser() actor: User) {
    return this.scheduling.createWorkshop(input, actor);
  }

  @ResolveField(() => [ThematicModule])
  modules(@Parent() session: TrainingSessionEntity, @Context() ctx: GqlContext) {
    return loadSessionModules(ctx, this.service, session.id);
  }

  @ResolveField(() => [User])
  trainers(@Parent() session: TrainingSessionEntity, @Context() ctx: GqlContext) {
    return loadSessionTrainers(ctx, this.service, session.id);
  }

  @ResolveField(() => Int)
  seatsLeft(@Parent() session: TrainingSessionEntity): number {
    return Math.max(0, session.capacity - session.seatsTaken);
  }
}

@Resolver(() => Workshop)
export class WorkshopResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly catalogue: CatalogueService,
  ) {}

  @ResolveField(() => RegionalCentre, { nullable: true })
  hostCentre(@Parent() session: TrainingSessionEntity, @Context() ctx: GqlContext) {
    return session.hostCentreId ? loadCentre(ctx, this.catalogue, session.hostCentreId) : null;
  }

  @ResolveField(() => [ThematicModule])
  prerequisiteModules(@Parent() session: TrainingSessionEntity, @Context() ctx: GqlContext) {
    return loadSessionPrerequisites(ctx, this.sessions, session.id);
  }

  // Budget figures are the Secretariat's (DOMAIN.md), as programmeBudget is: a field the viewer may not see is null.
  @ResolveField(() => Float, { nullable: true, description: 'Secretariat only; null for others' })
  plannedCostUsd(@Parent() session: TrainingSessionEntity, @CurrentUser() viewer: User | null): number | null {
    return maySeeBudgetFigures(viewer) ? (centsToUsd(session.plannedCostCents) ?? 0) : null;
  }

  @ResolveField(() => Float, {
    nullable: true,
    description: 'Secretariat only; null for others (and for the Secretariat until spending is recorded)',
  })
  actualCostUsd(@Parent() session: TrainingSessionEntity, @CurrentUser() viewer: User | null): number | null {
    return maySeeBudgetFigures(viewer) ? centsToUsd(session.actualCostCents) : null;
  }
}
