import { PartyStatus } from '../catalogue/catalogue.enums';
import { SessionKind } from '../sessions/session.enums';
import { EnrolmentStatus, OPEN } from './enrolment-status.enum';

/** Only these Parties' delegates get funded travel (DOMAIN enrolment rule 7). */
const FUNDABLE = new Set<string>([PartyStatus.DEVELOPING, PartyStatus.ECONOMY_IN_TRANSITION]);

/** Whether a session offers funded seats at all: a workshop with an allowance of at least one per Party. */
export function offersFundedSeats(session: { kind: SessionKind; fundedSeatsPerParty: number }): boolean {
  return session.kind === SessionKind.WORKSHOP && session.fundedSeatsPerParty >= 1;
}

/** Whether a Party of this status may have its delegates' travel funded. */
export function isFundableParty(status: string): boolean {
  return FUNDABLE.has(status);
}

/** Whether the Party's allowance of funded seats still has one free, given how many it uses. */
export function fundedSeatLeft(used: number, fundedSeatsPerParty: number): boolean {
  return used < fundedSeatsPerParty;
}

/**
 * Whether a seat taken now in this session by a delegate of a Party of this status would be funded (rule 7): a
 * workshop offering funded seats, a DEVELOPING or EIT Party, and a funded seat of the Party's allowance still free
 * (`usedByOthers`: the Party's funded seats held by its other delegates, so a delegate holding one is still told yes).
 */
export function travelFundable(
  session: { kind: SessionKind; fundedSeatsPerParty: number },
  partyStatus: string,
  usedByOthers: number,
): boolean {
  return (
    offersFundedSeats(session) &&
    isFundableParty(partyStatus) &&
    fundedSeatLeft(usedByOthers, session.fundedSeatsPerParty)
  );
}

/**
 * Rule 4: a workshop is for the Parties of its region. Whoever may override the rule (the Secretariat, for someone
 * else: `mayOverrideRegion`) may enrol a delegate of another region.
 */
export function inWorkshopRegion(
  partyRegion: string | null | undefined,
  workshopRegion: string | null,
  mayOverride: boolean,
): boolean {
  return mayOverride || (partyRegion != null && partyRegion === workshopRegion);
}

/**
 * What an enrolment asks for first. A webinar takes a seat (or the waitlist) at once; in a workshop, a delegate's own
 * request waits for their focal point's endorsement, while a nomination (by the focal point or the Secretariat)
 * counts as endorsed and takes a seat at once.
 */
export function firstStep(kind: SessionKind, nominated: boolean): 'AWAIT_ENDORSEMENT' | 'TAKE_SEAT' {
  return kind === SessionKind.WORKSHOP && !nominated ? 'AWAIT_ENDORSEMENT' : 'TAKE_SEAT';
}

/**
 * What an endorsement decision does to a workshop enrolment in this status: approving a pending nomination takes a
 * seat (or the waitlist), approving one already placed changes nothing; declining frees what the enrolment held,
 * declining one already declined changes nothing. Anything else is refused with the conflict's reason.
 */
export function endorsementStep(
  status: EnrolmentStatus,
  approve: boolean,
): 'TAKE_SEAT' | 'DECLINE' | 'UNCHANGED' | 'NOT_PENDING_ENDORSEMENT' | 'ENROLMENT_CLOSED' {
  if (approve) {
    if (status === EnrolmentStatus.CONFIRMED || status === EnrolmentStatus.WAITLISTED) return 'UNCHANGED';
    return status === EnrolmentStatus.PENDING_ENDORSEMENT ? 'TAKE_SEAT' : 'NOT_PENDING_ENDORSEMENT';
  }
  if (status === EnrolmentStatus.DECLINED) return 'UNCHANGED';
  return OPEN.includes(status) ? 'DECLINE' : 'ENROLMENT_CLOSED';
}
