import type { TFunction } from 'i18next';
import { useQuery } from 'urql';
import { graphql } from '../../gql';

/**
 * What the focal point's pages share: the modules' titles, the travel-funding sentence, the sentence saying where a
 * delegate stands after a nomination or an endorsement.
 */

const PartyModulesDocument = graphql(`
  query PartyModules {
    thematicModules {
      id
      code
      title
    }
  }
`);

/** Module code → "NIP — National Implementation Plans" (the code alone until the titles arrive). */
export function useModuleNames(): (code: string) => string {
  const [{ data }] = useQuery({ query: PartyModulesDocument });
  const titles = new Map(data?.thematicModules.map((m) => [m.code, m.title]) ?? []);
  return (code) => {
    const title = titles.get(code);
    return title ? `${code} — ${title}` : code;
  };
}

export interface Outcome {
  status: string;
  funded: boolean;
  waitlistPosition?: number | null;
  delegate: { fullName: string };
  session: { title: string };
}

/**
 * Where the delegate stands, in a sentence, from the status the API returned: a seat (funded or not), a place on
 * the waiting list, a nomination still waiting, or another status named in words.
 */
export function standingSentence(t: TFunction, e: Outcome): string {
  const vars = { name: e.delegate.fullName, title: e.session.title };
  switch (e.status) {
    case 'CONFIRMED':
      return `${t('standing.seat', vars)} ${e.funded ? t('standing.funded') : t('standing.selfFunded')}`;
    case 'WAITLISTED':
      return e.waitlistPosition
        ? t('standing.waitlistedAt', { ...vars, position: e.waitlistPosition })
        : t('standing.waitlisted', vars);
    case 'PENDING_ENDORSEMENT':
      return t('standing.pending', vars);
    case 'DECLINED':
      return t('standing.declined', vars);
    default:
      return t('standing.other', { ...vars, status: t(`common:status.${e.status}`) });
  }
}

/**
 * Whether a seat taken now would have its travel funded, in words: the API's answer for the viewer's Party
 * (Workshop.travelFundable: DEVELOPING and EIT Parties, within the workshop's funded seats per Party), with the
 * allowance named; null (not answered) falls back to the allowance alone.
 */
export function fundingOutlook(
  t: TFunction,
  workshop: { fundedSeatsPerParty: number; travelFundable?: boolean | null },
  partyStatus: string,
): string {
  if (partyStatus === 'DEVELOPED' || workshop.fundedSeatsPerParty < 1) return t('funding.none');
  const count = workshop.fundedSeatsPerParty;
  if (workshop.travelFundable === true) return t('funding.wouldBeFunded', { count });
  if (workshop.travelFundable === false) return t('funding.allowanceUsed', { count });
  return t('funding.allowance', { count });
}
