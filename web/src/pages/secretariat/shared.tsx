import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { UnRegion } from '../../gql/graphql';

/** What the Secretariat's pages share: reference lists, money and number formats, the area's sub-navigation. */

export const REGIONS: UnRegion[] = [
  'AFRICA',
  'ASIA_PACIFIC',
  'CENTRAL_EASTERN_EUROPE',
  'LATIN_AMERICA_CARIBBEAN',
  'WESTERN_EUROPE_OTHERS',
];

export const LANGUAGES = ['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'] as const;

const ReferenceDocument = graphql(`
  query SecretariatReference {
    thematicModules {
      id
      code
      title
    }
    parties {
      code
      name
      region
    }
    regionalCentres {
      id
      name
      city
      country {
        code
        name
        region
      }
    }
  }
`);

/** Modules, Parties and regional centres (asked once, kept by urql's cache). */
export function useReference() {
  const [{ data, error }] = useQuery({ query: ReferenceDocument });
  const modules = data?.thematicModules ?? [];
  const parties = [...(data?.parties ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const centres = data?.regionalCentres ?? [];
  const moduleName = (code: string) => {
    const m = modules.find((x) => x.code === code);
    return m ? `${code} — ${m.title}` : code;
  };
  const partyName = (code: string) => parties.find((p) => p.code === code)?.name ?? code;
  return { modules, parties, centres, moduleName, partyName, error };
}

/** US dollars in the interface's language. */
export function useMoney(): (usd: number) => string {
  const { i18n } = useTranslation();
  const f = new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'USD' });
  return (usd) => f.format(usd);
}

/** The area's pages, as a list of links (the landing page and the top of each page). */
export function SecretariatNav() {
  const { t } = useTranslation('secretariat');
  const pages = ['dashboard', 'budget', 'sessions', 'accounts', 'mail'] as const;
  return (
    <nav className="sec-nav" aria-label={t('nav.label')}>
      <ul>
        {pages.map((p) => (
          <li key={p}>
            <NavLink to={`/secretariat/${p}`}>{t(`nav.${p}`)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The instant a wall-clock time (yyyy-mm-ddThh:mm) names in an IANA zone, as ISO-8601 UTC. Two passes settle the
 * zone's offset at that instant (a daylight-saving change between the guess and the answer).
 */
export function zonedToUtc(local: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let utc = wall - offsetAt(wall, zone);
  utc = wall - offsetAt(utc, zone);
  return new Date(utc).toISOString();
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** An instant as the wall-clock value of a datetime-local field in a zone. */
export function utcToZoned(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const v = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${v('year')}-${v('month')}-${v('day')}T${v('hour')}:${v('minute')}`;
}

/** Every IANA zone the browser knows. */
export const TIME_ZONES: string[] = (() => {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : [...zones, 'UTC'];
  } catch {
    return ['UTC'];
  }
})();
