import { registerEnumType } from '@nestjs/graphql';

export enum EnrolmentStatus {
  PENDING_ENDORSEMENT = 'PENDING_ENDORSEMENT',
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  ATTENDED = 'ATTENDED',
  NO_SHOW = 'NO_SHOW',
  COMPLETED = 'COMPLETED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(EnrolmentStatus, {
  name: 'EnrolmentStatus',
  valuesMap: {
    EXPIRED: {
      description:
        'The session started or ended before a seat or an endorsement came (was WAITLISTED or PENDING_ENDORSEMENT)',
    },
  },
});

/** The statuses that hold a seat (DOMAIN enrolment rule 1). */
export const SEAT_HOLDING: readonly EnrolmentStatus[] = [
  EnrolmentStatus.CONFIRMED,
  EnrolmentStatus.ATTENDED,
  EnrolmentStatus.COMPLETED,
];

/** Ended enrolments: the delegate may enrol in the session again. All others are "active" (one per delegate and session). */
export const ENDED: readonly EnrolmentStatus[] = [
  EnrolmentStatus.CANCELLED,
  EnrolmentStatus.DECLINED,
  EnrolmentStatus.EXPIRED,
];

/** Open without a seat: once the session starts nothing can give them one, so they expire (EXPIRED). */
export const WAITING: readonly EnrolmentStatus[] = [EnrolmentStatus.PENDING_ENDORSEMENT, EnrolmentStatus.WAITLISTED];

/** Still open to change by the delegate (cancel) or the focal point (decline) before the session starts. */
export const OPEN: readonly EnrolmentStatus[] = [
  EnrolmentStatus.PENDING_ENDORSEMENT,
  EnrolmentStatus.CONFIRMED,
  EnrolmentStatus.WAITLISTED,
];

/** SQL list literal of statuses, for the constraints and the queries that need one. */
export const sqlList = (statuses: readonly EnrolmentStatus[]) => statuses.map((s) => `'${s}'`).join(', ');
