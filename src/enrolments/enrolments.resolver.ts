import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { isSecretariat, mayJoinSession } from '../auth/policies';
import { Role } from '../auth/role.enum';
import { Authenticated, Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { loadUser } from '../auth/user.loaders';
import { UsersService } from '../auth/users.service';
import { loadParty } from '../catalogue/catalogue.loaders';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Party } from '../catalogue/party.entity';
import type { GqlContext } from '../graphql/context';
import { ConnectionType, LongPageArgs, PageArgs } from '../graphql/pagination';
import { SingleLinePipe } from '../graphql/single-line';
import { TrainingSession, Webinar } from '../sessions/models/training-session.model';
import type { TrainingSessionEntity } from '../sessions/session.types';
import { loadSession, loadSessionTrainers } from '../sessions/session.loaders';
import { SessionsService } from '../sessions/sessions.service';
import { EnrolmentChangeEntity, EnrolmentEntity } from './enrolment.entity';
import { EnrolmentStatus } from './enrolment-status.enum';
import { loadViewerHoldsSeat, loadWaitlistPosition } from './enrolment.loaders';
import { EnrolmentsService } from './enrolments.service';
import { EnrolmentQueriesService } from './enrolment-queries.service';
import { Enrolment, EnrolmentChange } from './models/enrolment.model';

export const EnrolmentConnection = ConnectionType(Enrolment, 'Enrolment');

@Resolver(() => Enrolment)
export class EnrolmentsResolver {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly queries: EnrolmentQueriesService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Authenticated()
  @Query(() => EnrolmentConnection, { description: "The viewer's own enrolments, oldest first" })
  myEnrolments(
    @CurrentUser() viewer: User,
    @Args('status', { type: () => EnrolmentStatus, nullable: true }) status: EnrolmentStatus | null,
    @Args() { first, after }: PageArgs,
  ) {
    return this.queries.mine(viewer, status, first, after);
  }

  @Roles(Role.TRAINER, Role.REGIONAL_CENTRE, Role.SECRETARIAT)
  @Query(() => EnrolmentConnection, {
    description: "A session's enrolments: for its trainers, its host regional centre and the Secretariat",
  })
  sessionEnrolments(
    @CurrentUser() viewer: User,
    @Args('sessionId', { type: () => ID }) sessionId: string,
    @Args('status', { type: () => EnrolmentStatus, nullable: true }) status: EnrolmentStatus | null,
    @Args() { first, after }: LongPageArgs,
  ) {
    return this.queries.ofSession(sessionId, viewer, status, first, after);
  }

  @Roles(Role.FOCAL_POINT, Role.SECRETARIAT)
  @Query(() => EnrolmentConnection, {
    description: "A Party's enrolments: a focal point's own Party (the default); the Secretariat any, or all",
  })
  partyEnrolments(
    @CurrentUser() viewer: User,
    @Args('partyCode', { type: () => String, nullable: true }) partyCode: string | null,
    @Args('status', { type: () => EnrolmentStatus, nullable: true }) status: EnrolmentStatus | null,
    @Args() { first, after }: LongPageArgs,
  ) {
    return this.queries.ofParty(partyCode, viewer, status, first, after);
  }

  @Authenticated()
  @Query(() => Enrolment, { nullable: true })
  enrolment(@CurrentUser() viewer: User, @Args('id', { type: () => ID }) id: string) {
    return this.queries.findVisible(id, viewer);
  }

  @Authenticated()
  @Query(() => [EnrolmentChange], {
    description: "Every status change, oldest first: the Secretariat, the delegate and their Party's focal point",
  })
  async enrolmentHistory(
    @CurrentUser() viewer: User,
    @Args('enrolmentId', { type: () => ID }) enrolmentId: string,
  ): Promise<EnrolmentChange[]> {
    const rows: EnrolmentChangeEntity[] = await this.queries.history(enrolmentId, viewer);
    return rows.map((c) => ({
      at: c.at,
      from: c.fromStatus,
      to: c.toStatus,
      reason: c.reason,
      comment: c.comment,
      byId: c.byId,
    }));
  }

  @Authenticated()
  @Mutation(() => Enrolment, {
    description:
      'Enrols the caller (a delegate); the Secretariat or a focal point may name a delegate, which counts as endorsed. ' +
      'Enrolling twice returns the existing enrolment.',
  })
  enrol(
    @CurrentUser() actor: User,
    @Args('sessionId', { type: () => ID }) sessionId: string,
    @Args('delegateId', { type: () => ID, nullable: true }) delegateId: string | null,
  ) {
    return this.enrolments.enrol(sessionId, actor, delegateId);
  }

  @Authenticated()
  @Mutation(() => Enrolment, { description: 'The delegate or the Secretariat, until the session starts' })
  cancelEnrolment(@CurrentUser() actor: User, @Args('id', { type: () => ID }) id: string) {
    return this.enrolments.cancel(id, actor);
  }

  @Roles(Role.FOCAL_POINT, Role.SECRETARIAT)
  @Mutation(() => Enrolment, {
    description: "The delegate's Party focal point or the Secretariat decides a workshop nomination",
  })
  endorseEnrolment(
    @CurrentUser() actor: User,
    @Args('id', { type: () => ID }) id: string,
    @Args('approve') approve: boolean,
    @Args(
      'reason',
      {
        type: () => String,
        nullable: true,
        description:
          "Optional, single line, at most 500 characters: kept in the enrolment's history (comment) and, when " +
          'declining, written in the e-mail to the delegate',
      },
      SingleLinePipe,
    )
    reason: string | null,
  ) {
    return this.enrolments.endorse(id, approve, actor, reason ?? null);
  }

  @ResolveField(() => User)
  delegate(@Parent() e: EnrolmentEntity, @Context() ctx: GqlContext) {
    return loadUser(ctx, this.users, e.delegateId);
  }

  @ResolveField(() => TrainingSession)
  session(@Parent() e: EnrolmentEntity, @Context() ctx: GqlContext) {
    return loadSession(ctx, this.sessions, e.sessionId);
  }

  @ResolveField(() => Party, { description: "The delegate's Party when they enrolled" })
  party(@Parent() e: EnrolmentEntity, @Context() ctx: GqlContext) {
    return loadParty(ctx, this.catalogue, e.partyCode);
  }

  @ResolveField(() => Int, { nullable: true, description: 'Place on the waitlist, 1 = next to get a seat' })
  waitlistPosition(@Parent() e: EnrolmentEntity, @Context() ctx: GqlContext) {
    if (e.status !== EnrolmentStatus.WAITLISTED) return null;
    return this.enrolments.positionKnown(e) ?? loadWaitlistPosition(ctx, this.queries, e.id);
  }
}

@Resolver(() => EnrolmentChange)
export class EnrolmentChangeResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true, description: 'Who made the change; null when the platform did' })
  by(@Parent() change: EnrolmentChange, @Context() ctx: GqlContext) {
    return change.byId ? loadUser(ctx, this.users, change.byId) : null;
  }
}

/** The join link of a webinar: for its trainers, delegates holding a seat in it, and the Secretariat. */
@Resolver(() => Webinar)
export class WebinarJoinResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly enrolments: EnrolmentQueriesService,
  ) {}

  @ResolveField(() => String, { nullable: true, description: 'Null unless the viewer may join' })
  async joinUrl(
    @Parent() session: TrainingSessionEntity,
    @CurrentUser() viewer: User | null,
    @Context() ctx: GqlContext,
  ): Promise<string | null> {
    if (!viewer) return null;
    // Read only what the rule still needs: the Secretariat needs neither fact, a trainer not the seat.
    const trainsIt =
      !isSecretariat(viewer) &&
      (await loadSessionTrainers(ctx, this.sessions, session.id)).some((t) => t.id === viewer.id);
    const holdsSeat =
      !isSecretariat(viewer) && !trainsIt && (await loadViewerHoldsSeat(ctx, this.enrolments, viewer.id, session.id));
    return mayJoinSession(viewer, { trainsIt, holdsSeat }) ? session.joinUrl : null;
  }
}
