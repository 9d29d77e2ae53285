import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { SessionsToRunQuery } from '../../gql/graphql';
import { SessionTimes } from '../../ui/time';
import { ErrorMessage, Loading, PageTitle } from '../../ui/ui';
import { SessionStatusBadge } from './shared';
import { useAuthorsModules } from './TrainerArea';

const SessionsToRunDocument = graphql(`
  query SessionsToRun($past: Boolean!, $first: Int!, $after: String) {
    sessionsToRun(past: $past, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          kind
          title
          status
          startsAt
          endsAt
          timeZone
          capacity
          seatsTaken
          modules {
            id
            code
            title
          }
          ... on Workshop {
            venue
            hostCentre {
              id
              name
            }
          }
        }
      }
    }
  }
`);

type Session = SessionsToRunQuery['sessionsToRun']['edges'][number]['node'];
const PAGE_SIZE = 20;

function SessionCard({ session }: { session: Session }) {
  const { t } = useTranslation(['trainer', 'common']);
  const authors = useAuthorsModules();
  const headingId = useId();
  return (
    <article className="card" aria-labelledby={headingId}>
      <p className="card__kicker">
        {t(`sessions.kind.${session.kind}`)}
        {' · '}
        {session.modules.map((m) => m.code).join(', ')}
      </p>
      <h3 className="card__title" id={headingId}>
        <Link to={`/trainer/sessions/${session.id}`}>{session.title}</Link>
      </h3>
      <div className="trainer-status">
        <SessionStatusBadge session={session} />
        <span>{t('sessions.seats', { taken: session.seatsTaken, capacity: session.capacity })}</span>
      </div>
      <SessionTimes startsAt={session.startsAt} endsAt={session.endsAt} timeZone={session.timeZone} />
      {'venue' in session && (
        <p>
          {session.venue}
          {session.hostCentre && <> · {session.hostCentre.name}</>}
        </p>
      )}
      <ul className="trainer-links">
        <li>
          <Link to={`/trainer/sessions/${session.id}`}>
            {t('sessions.roster')}
            <span className="visually-hidden"> — {session.title}</span>
          </Link>
        </li>
        {authors &&
          session.modules.map((m) => (
            <li key={m.id}>
              <Link to={`/trainer/materials?module=${encodeURIComponent(m.code)}`}>
                {t('sessions.materials', { code: m.code })}
              </Link>
            </li>
          ))}
      </ul>
    </article>
  );
}

/** One page of sessions; the last page offers the next. */
function SessionsPage({
  past,
  after,
  onMore,
}: {
  past: boolean;
  after: string | null;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation('trainer');
  const [{ data, fetching, error }] = useQuery({
    query: SessionsToRunDocument,
    variables: { past, first: PAGE_SIZE, after },
    requestPolicy: 'cache-and-network',
  });
  const page = data?.sessionsToRun;
  const first = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (after && page) first.current?.querySelector('a')?.focus();
  }, [after, page]);
  if (fetching && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} />;
  if (!page) return null;
  if (!after && page.totalCount === 0) return <p>{past ? t('sessions.nonePast') : t('sessions.none')}</p>;
  return (
    <>
      {!after && <p className="result-count">{t('sessions.count', { count: page.totalCount })}</p>}
      <ul className="trainer-list">
        {page.edges.map((e, i) => (
          <li key={e.node.id} ref={i === 0 ? first : undefined}>
            <SessionCard session={e.node} />
          </li>
        ))}
      </ul>
      {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
        <MoreButton onClick={() => onMore(page.pageInfo.endCursor!)} />
      )}
    </>
  );
}

function MoreButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation('trainer');
  const [clicked, setClicked] = useState(false);
  if (clicked) return null;
  return (
    <div className="actions">
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          setClicked(true);
          onClick();
        }}
      >
        {t('sessions.more')}
      </button>
    </div>
  );
}

function SessionList({ past }: { past: boolean }) {
  const [afters, setAfters] = useState<(string | null)[]>([null]);
  return (
    <>
      {afters.map((after) => (
        <SessionsPage
          key={after ?? 'first'}
          past={past}
          after={after}
          onMore={(cursor) => setAfters((a) => [...a, cursor])}
        />
      ))}
    </>
  );
}

/**
 * The sessions the viewer runs: a trainer's own, the workshops a regional centre hosts, all for the Secretariat.
 * Upcoming and under way first; past ones (completed, cancelled) on demand.
 */
export default function MySessionsPage() {
  const { t } = useTranslation('trainer');
  const [showPast, setShowPast] = useState(false);
  const upcomingId = useId();
  const pastId = useId();
  return (
    <section>
      <PageTitle>{t('sessions.title')}</PageTitle>
      <p className="lead">{t('sessions.intro')}</p>
      <section className="trainer-section" aria-labelledby={upcomingId}>
        <h2 id={upcomingId}>{t('sessions.upcoming')}</h2>
        <SessionList past={false} />
      </section>
      <section className="trainer-section" aria-labelledby={pastId}>
        <h2 id={pastId}>{t('sessions.past')}</h2>
        {showPast ? (
          <SessionList past />
        ) : (
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={() => setShowPast(true)}>
              {t('sessions.showPast')}
            </button>
          </div>
        )}
      </section>
    </section>
  );
}
