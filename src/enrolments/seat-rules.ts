import { PartyStatus } from '../catalogue/catalogue.enums';
import { SessionKind } from '../sessions/session.enums';

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
