import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery, type Client } from 'urql';
import { graphql } from '../../gql';
import type { CatalogueQueryVariables, SessionKind, UnRegion } from '../../gql/graphql';
import { dayEnd, dayStart } from '../../ui/days';
import { SessionTimes } from '../../ui/time';
import { ErrorMessage, Loading, Notice, PageTitle, StatusBadge } from '../../ui/ui';

const ModulesDocument = graphql(`
  query CatalogueModules {
    thematicModules {
      id
      code
      title
    }
  }
`);

const CatalogueDocument = graphql(`
  query Catalogue(
    $first: Int!
    $after: String
    $kind: SessionKind
    $moduleCode: String
    $region: UnRegion
    $from: DateTime
    $to: DateTime
  ) {
    sessions(
      first: $first
      after: $after
      kind: $kind
      moduleCode: $moduleCode
      region: $region
      from: $from
      to: $to
    ) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          __typename
          id
          kind
          title
          startsAt
          endsAt
          timeZone
          language
          status
          capacity
          seatsLeft
          modules {
            id
            code
            title
          }
          myEnrolment {
            id
            status
          }
          ... on Workshop {
            travelFundable
            region
            hostCentre {
              id
              name
              city
            }
            prerequisiteModules {
              id
              code
            }
          }
        }
      }
    }
  }
`);

const PAGE_SIZE = 20;
const KINDS: SessionKind[] = ['WEBINAR', 'WORKSHOP'];
const REGIONS: UnRegion[] = [
  'AFRICA',
  'ASIA_PACIFIC',
  'CENTRAL_EASTERN_EUROPE',
  'LATIN_AMERICA_CARIBBEAN',
  'WESTERN_EUROPE_OTHERS',
];

type Filters = Omit<CatalogueQueryVariables, 'first' | 'after'>;

/** A date field (yyyy-mm-dd) as the start of that day in the viewer's zone, for the API's DateTime. */

/** The list's variables from the page's address: from today on unless a start day is chosen. */
function filtersOf(params: URLSearchParams): Filters {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return {
    kind: (params.get('kind') as SessionKind | null) ?? undefined,
    moduleCode: params.get('module') ?? undefined,
    region: (params.get('region') as UnRegion | null) ?? undefined,
    from: dayStart(params.get('from')) ?? today.toISOString(),
    to: dayEnd(params.get('to')),
  };
}

/**
 * Asks for the catalogue's first page and the modules with exactly the variables the page will use, so that the
 * page finds them answered (or under way: urql shares one request) when it renders.
 */
export function prefetchCatalogue(client: Client, search: string): void {
  void client.query(ModulesDocument, {}).toPromise();
  void client
    .query(CatalogueDocument, { ...filtersOf(new URLSearchParams(search)), first: PAGE_SIZE, after: null })
    .toPromise();
}

function SessionList({
  filters,
  after,
  last,
  onMore,
}: {
  filters: Filters;
  after: string | null;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation('catalogue');
  const [{ data, fetching, error }] = useQuery({
    query: CatalogueDocument,
    variables: { ...filters, first: PAGE_SIZE, after },
  });
  if (fetching && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} />;
  const page = data?.sessions;
  if (!page) return null;
  return (
    <>
      {after === null && (
        <p className="result-count" role="status">
          {t('count', { count: page.totalCount })}
        </p>
      )}
      <ul className="cards">
        {page.edges.map(({ node: s }) => (
          <li key={s.id} className="card">
            <article aria-labelledby={`session-${s.id}`}>
              <p className="card__kicker">
                <span>{t(`kind.${s.kind}`)}</span>
                {s.__typename === 'Workshop' && <span> · {t(`common:region.${s.region}`)}</span>}
                <span> · {t(`common:languageName.${s.language}`)}</span>
              </p>
              <h2 id={`session-${s.id}`} className="card__title">
                <Link to={`/sessions/${s.id}`}>{s.title}</Link>
              </h2>
              <SessionTimes startsAt={s.startsAt} endsAt={s.endsAt} timeZone={s.timeZone} />
              <p className="card__modules">{s.modules.map((m) => m.title).join(' · ')}</p>
              {s.__typename === 'Workshop' && s.hostCentre && (
                <p>{t('hostCentre', { name: s.hostCentre.name, city: s.hostCentre.city })}</p>
              )}
              {s.__typename === 'Workshop' && s.prerequisiteModules.length > 0 && (
                <p>{t('prerequisites', { codes: s.prerequisiteModules.map((m) => m.code).join(', ') })}</p>
              )}
              {s.__typename === 'Workshop' && s.travelFundable != null && (
                <p>{s.travelFundable ? t('travelFunded') : t('travelNotFunded')}</p>
              )}
              {s.myEnrolment && (
                <p>
                  {t('yourStatus')}
                  <StatusBadge status={s.myEnrolment.status} />
                </p>
              )}
              <p className="card__seats">
                {s.status === 'SCHEDULED' && Date.parse(s.startsAt) <= Date.now() ? (
                  <StatusBadge status="IN_PROGRESS" />
                ) : s.status === 'SCHEDULED' ? (
                  s.seatsLeft > 0 ? (
                    t('seatsLeft', { count: s.seatsLeft, capacity: s.capacity })
                  ) : (
                    <strong>{t('full')}</strong>
                  )
                ) : (
                  <StatusBadge status={s.status} />
                )}
              </p>
            </article>
          </li>
        ))}
      </ul>
      {last && page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
        <button type="button" className="button button--secondary" onClick={() => onMore(page.pageInfo.endCursor!)}>
          {t('more')}
        </button>
      )}
    </>
  );
}

/**
 * The catalogue: webinars and workshops from today on, filtered by module, kind, region and dates (kept in the
 * address, so a filtered list can be bookmarked or shared), twenty at a time.
 */
export function CataloguePage() {
  const { t } = useTranslation('catalogue');
  const [params, setParams] = useSearchParams();
  const [{ data: modules }] = useQuery({ query: ModulesDocument });
  const filters = filtersOf(params);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filterKey = params.toString();
  const [shownFor, setShownFor] = useState(filterKey);
  if (shownFor !== filterKey) {
    setShownFor(filterKey);
    setCursors([null]);
  }
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      {params.get('welcome') && <Notice tone="success">{t('welcome')}</Notice>}
      <p className="lead">{t('intro')}</p>
      <form className="filters" role="search" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="f-module">{t('module')}</label>
          <select id="f-module" value={params.get('module') ?? ''} onChange={(e) => set('module', e.target.value)}>
            <option value="">{t('any')}</option>
            {modules?.thematicModules.map((m) => (
              <option key={m.id} value={m.code}>
                {m.code} — {m.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-kind">{t('kindLabel')}</label>
          <select id="f-kind" value={params.get('kind') ?? ''} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-region">{t('region')}</label>
          <select id="f-region" value={params.get('region') ?? ''} onChange={(e) => set('region', e.target.value)}>
            <option value="">{t('any')}</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {t(`common:region.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('from')}</label>
          <input
            id="f-from"
            type="date"
            value={params.get('from') ?? ''}
            onChange={(e) => set('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('to')}</label>
          <input id="f-to" type="date" value={params.get('to') ?? ''} onChange={(e) => set('to', e.target.value)} />
        </div>
      </form>
      {cursors.map((after, i) => (
        <SessionList
          key={`${filterKey}:${after ?? ''}`}
          filters={filters}
          after={after}
          last={i === cursors.length - 1}
          onMore={(cursor) => setCursors((c) => [...c, cursor])}
        />
      ))}
    </section>
  );
}
