import { PartyStatus } from '../catalogue/catalogue.enums';
import { SessionKind } from '../sessions/session.enums';
import { fundedSeatLeft, isFundableParty, offersFundedSeats } from './seat-rules';

describe('seat rules', () => {
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
});
