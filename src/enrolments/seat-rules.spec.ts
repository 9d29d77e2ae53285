import { PartyStatus } from '../catalogue/catalogue.enums';
import { SessionKind } from '../sessions/session.enums';
import { EnrolmentStatus } from './enrolment-status.enum';
import {
  endorsementStep,
  firstStep,
  fundedSeatLeft,
  inWorkshopRegion,
  isFundableParty,
  offersFundedSeats,
  travelFundable,
} from './seat-rules';

describe('seat rules', () => {
  it('says a seat would be funded only in a workshop with an allowance left, for a developing or EIT Party', () => {
    const workshop = { kind: SessionKind.WORKSHOP, fundedSeatsPerParty: 2 };
    expect(travelFundable(workshop, PartyStatus.DEVELOPING, 0)).toBe(true);
    expect(travelFundable(workshop, PartyStatus.ECONOMY_IN_TRANSITION, 1)).toBe(true);
    expect(travelFundable(workshop, PartyStatus.DEVELOPING, 2)).toBe(false);
    expect(travelFundable(workshop, PartyStatus.DEVELOPED, 0)).toBe(false);
    expect(travelFundable({ ...workshop, fundedSeatsPerParty: 0 }, PartyStatus.DEVELOPING, 0)).toBe(false);
    expect(travelFundable({ ...workshop, kind: SessionKind.WEBINAR }, PartyStatus.DEVELOPING, 0)).toBe(false);
  });

  it('offers funded seats only in a workshop with an allowance', () => {
    expect(offersFundedSeats({ kind: SessionKind.WORKSHOP, fundedSeatsPerParty: 2 })).toBe(true);
    expect(offersFundedSeats({ kind: SessionKind.WORKSHOP, fundedSeatsPerParty: 0 })).toBe(false);
    expect(offersFundedSeats({ kind: SessionKind.WEBINAR, fundedSeatsPerParty: 2 })).toBe(false);
  });

  it('funds developing and transition-economy Parties only', () => {
    expect(isFundableParty(PartyStatus.DEVELOPING)).toBe(true);
    expect(isFundableParty(PartyStatus.ECONOMY_IN_TRANSITION)).toBe(true);
    for (const status of Object.values(PartyStatus).filter(
      (s) => s !== PartyStatus.DEVELOPING && s !== PartyStatus.ECONOMY_IN_TRANSITION,
    )) {
      expect(isFundableParty(status)).toBe(false);
    }
  });

  it('has a funded seat left while the Party uses fewer than its allowance', () => {
    expect(fundedSeatLeft(0, 1)).toBe(true);
    expect(fundedSeatLeft(1, 2)).toBe(true);
    expect(fundedSeatLeft(2, 2)).toBe(false);
  });

  it('keeps a workshop to the Parties of its region unless the actor may override it', () => {
    expect(inWorkshopRegion('AFRICA', 'AFRICA', false)).toBe(true);
    expect(inWorkshopRegion('GRULAC', 'AFRICA', false)).toBe(false);
    expect(inWorkshopRegion('GRULAC', 'AFRICA', true)).toBe(true);
    // A Party without a known region is in no workshop's region.
    expect(inWorkshopRegion(null, 'AFRICA', false)).toBe(false);
    expect(inWorkshopRegion(undefined, null, false)).toBe(false);
  });

  it("makes a delegate's own workshop request wait for endorsement, and nothing else", () => {
    expect(firstStep(SessionKind.WORKSHOP, false)).toBe('AWAIT_ENDORSEMENT');
    expect(firstStep(SessionKind.WORKSHOP, true)).toBe('TAKE_SEAT');
    expect(firstStep(SessionKind.WEBINAR, false)).toBe('TAKE_SEAT');
    expect(firstStep(SessionKind.WEBINAR, true)).toBe('TAKE_SEAT');
  });

  it('decides what an endorsement does in every status', () => {
    const approve = Object.fromEntries(Object.values(EnrolmentStatus).map((s) => [s, endorsementStep(s, true)]));
    const decline = Object.fromEntries(Object.values(EnrolmentStatus).map((s) => [s, endorsementStep(s, false)]));
    expect(approve).toEqual({
      PENDING_ENDORSEMENT: 'TAKE_SEAT',
      CONFIRMED: 'UNCHANGED',
      WAITLISTED: 'UNCHANGED',
      DECLINED: 'NOT_PENDING_ENDORSEMENT',
      CANCELLED: 'NOT_PENDING_ENDORSEMENT',
      ATTENDED: 'NOT_PENDING_ENDORSEMENT',
      NO_SHOW: 'NOT_PENDING_ENDORSEMENT',
      COMPLETED: 'NOT_PENDING_ENDORSEMENT',
      EXPIRED: 'NOT_PENDING_ENDORSEMENT',
    });
    expect(decline).toEqual({
      PENDING_ENDORSEMENT: 'DECLINE',
      CONFIRMED: 'DECLINE',
      WAITLISTED: 'DECLINE',
      DECLINED: 'UNCHANGED',
      CANCELLED: 'ENROLMENT_CLOSED',
      ATTENDED: 'ENROLMENT_CLOSED',
      NO_SHOW: 'ENROLMENT_CLOSED',
      COMPLETED: 'ENROLMENT_CLOSED',
      EXPIRED: 'ENROLMENT_CLOSED',
    });
  });
});
