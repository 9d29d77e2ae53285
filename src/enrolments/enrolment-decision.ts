import type { OutboxEventType, OutboxPayloads } from '@lib/queue';
import type { User } from '../auth/user.entity';
import type { SessionStatus } from '../sessions/session.enums';
import type { EnrolmentEntity } from './enrolment.entity';

/**
 * The shapes of a new enrolment's decision in one statement (SeatsService.enrolInSession, issue #17): what goes in,
 * what comes back.
 */

/** Who enrols whom where; every rule that does not need the session's lock (rule 4's override among them) checked. */
export interface EnrolmentRequest {
  sessionId: string;
  delegate: Pick<User, 'id' | 'partyCode' | 'gender'>;
  actor: Pick<User, 'id'>;
  /** Named by the Secretariat or a focal point rather than the delegate (rule 6). */
  nominated: boolean;
  /** Whether the actor may enrol this delegate outside a workshop's region (policies' mayOverrideRegion). */
  mayOverrideRegion: boolean;
}

/** The outbox payload's parts known before the lock; the function adds the enrolment and the session. */
export type NewEnrolmentPayload = Pick<OutboxPayloads[OutboxEventType.ENROLMENT_CONFIRMED], 'delegate' | 'by'>;
export type EndorsementPayload = Pick<OutboxPayloads[OutboxEventType.ENDORSEMENT_REQUESTED], 'party' | 'endorsers'>;

/** What enrol_in_session decided, with the facts the refusals are worded from. */
export interface EnrolmentDecision {
  outcome:
    'PLACED' | 'EXISTING' | 'NOT_FOUND' | 'CLOSED' | 'NOT_IN_REGION' | 'PREREQUISITE_MISSING' | 'NEEDS_ENDORSERS';
  /** The new enrolment (PLACED) or the active one (EXISTING). */
  enrolment: EnrolmentEntity | null;
  waitlistPosition: number | null;
  missingModules: string[];
  party: { name: string | null; region: string | null };
  session: { status: SessionStatus; startsAt: Date; region: string | null };
}
