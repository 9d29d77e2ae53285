import type { GqlContext } from '../graphql/context';
import type { EnrolmentEntity } from './enrolment.entity';
import { EnrolmentQueriesService } from './enrolment-queries.service';

/** Per-request batch loads for enrolment fields: a page of 50 costs as many queries as a page of 5. */
export const loadWaitlistPosition = (ctx: GqlContext, enrolments: EnrolmentQueriesService, id: string) =>
  ctx.loaders.get<string, number | null>('enrolment.position', (ids) => enrolments.positions(ids)).load(id);

/**
 * The viewer's most recent enrolment in a session (batched over the sessions of one response). Keyed by the viewer:
 * what it loads is theirs alone, and nothing of it is cached beyond the request.
 */
export const loadViewerEnrolment = (
  ctx: GqlContext,
  enrolments: EnrolmentQueriesService,
  viewerId: string,
  sessionId: string,
) =>
  ctx.loaders
    .get<string, EnrolmentEntity | null>(`enrolment.latest.${viewerId}`, (ids) => enrolments.latestIn(viewerId, ids))
    .load(sessionId);

/** The funded seats the viewer's Party's other delegates hold in a session (batched over one response's sessions). */
export const loadFundedSeatsHeldByOthers = (
  ctx: GqlContext,
  enrolments: EnrolmentQueriesService,
  viewer: { id: string; partyCode: string },
  sessionId: string,
) =>
  ctx.loaders
    .get<string, number>(`enrolment.fundedByOthers.${viewer.id}`, (ids) =>
      enrolments.fundedSeatsHeldByOthers(viewer.partyCode, viewer.id, ids),
    )
    .load(sessionId);

/** Whether the viewer holds a seat in a session (batched over the sessions of one response). */
export const loadViewerHoldsSeat = (
  ctx: GqlContext,
  enrolments: EnrolmentQueriesService,
  viewerId: string,
  sessionId: string,
) =>
  ctx.loaders
    .get<string, boolean>(`enrolment.seatHeld.${viewerId}`, (ids) => enrolments.seatHeldIn(viewerId, ids))
    .load(sessionId);
