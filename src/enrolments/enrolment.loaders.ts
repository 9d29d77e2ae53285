import type { GqlContext } from '../graphql/context';
import { EnrolmentQueriesService } from './enrolment-queries.service';

/** Per-request batch loads for enrolment fields: a page of 50 costs as many queries as a page of 5. */
export const loadWaitlistPosition = (ctx: GqlContext, enrolments: EnrolmentQueriesService, id: string) =>
  ctx.loaders.get<string, number | null>('enrolment.position', (ids) => enrolments.positions(ids)).load(id);

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
