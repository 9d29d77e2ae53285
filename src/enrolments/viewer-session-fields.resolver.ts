import { Injectable } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { User } from '../auth/user.entity';
import { loadParty } from '../catalogue/catalogue.loaders';
import { CatalogueService } from '../catalogue/catalogue.service';
import type { GqlContext } from '../graphql/context';
import { CatalogueCachePlugin } from '../sessions/catalogue-cache.plugin';
import { TrainingSession, Workshop } from '../sessions/models/training-session.model';
import type { TrainingSessionEntity } from '../sessions/session.types';
import type { EnrolmentEntity } from './enrolment.entity';
import { loadFundedSeatsHeldByOthers, loadViewerEnrolment } from './enrolment.loaders';
import { EnrolmentQueriesService } from './enrolment-queries.service';
import { Enrolment } from './models/enrolment.model';
import { travelFundable } from './seat-rules';

/**
 * Session fields that depend on who asks. None of them is among the catalogue cache's public fields
 * (sessions/catalogue-cache.plugin.ts): a cached page holds none of their values, and the cache writes each caller's
 * own into its copy, read by CatalogueViewerFields below. A change to what these resolvers decide is a change to
 * EnrolmentQueriesService.viewerFieldsIn too (test/catalogue-viewer-fields.e2e-spec.ts compares the two).
 */
@Resolver(() => TrainingSession)
export class SessionViewerResolver {
  constructor(private readonly enrolments: EnrolmentQueriesService) {}

  @ResolveField(() => Enrolment, {
    nullable: true,
    description:
      "The viewer's own most recent enrolment in this session, whatever its status; null when anonymous or none",
  })
  myEnrolment(
    @Parent() session: TrainingSessionEntity,
    @CurrentUser() viewer: User | null,
    @Context() ctx: GqlContext,
  ): Promise<EnrolmentEntity | null> | null {
    return viewer ? loadViewerEnrolment(ctx, this.enrolments, viewer.id, session.id) : null;
  }
}

@Resolver(() => Workshop)
export class WorkshopTravelResolver {
  constructor(
    private readonly enrolments: EnrolmentQueriesService,
    private readonly catalogue: CatalogueService,
  ) {}

  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      "Whether a seat the viewer's Party takes now would have its travel funded (DEVELOPING and EIT Parties, " +
      'within fundedSeatsPerParty; a seat the viewer holds counts as theirs); null when anonymous or without a Party',
  })
  async travelFundable(
    @Parent() session: TrainingSessionEntity,
    @CurrentUser() viewer: User | null,
    @Context() ctx: GqlContext,
  ): Promise<boolean | null> {
    if (!viewer?.partyCode) return null;
    const party = await loadParty(ctx, this.catalogue, viewer.partyCode);
    if (!party) return null;
    // Only count seats when the answer may be yes: most workshops and Parties are decided without SQL.
    const used = travelFundable(session, party.status, 0)
      ? await loadFundedSeatsHeldByOthers(ctx, this.enrolments, { id: viewer.id, partyCode: party.code }, session.id)
      : 0;
    return travelFundable(session, party.status, used);
  }
}

/** Answers the catalogue cache's viewer fields (this feature owns them; sessions may not depend on it). */
@Injectable()
export class CatalogueViewerFields {
  constructor(cache: CatalogueCachePlugin, enrolments: EnrolmentQueriesService) {
    cache.answerViewerFieldsWith((viewer, sessionIds, withJoinUrl) =>
      enrolments.viewerFieldsIn(viewer, sessionIds, withJoinUrl),
    );
  }
}
