import { Fragment, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EnrolmentStatus } from '../../gql/graphql';
import { DateText, useViewerZone } from '../../ui/time';
import { ErrorMessage, Loading, PageTitle, StatusBadge } from '../../ui/ui';

const PartyEnrolmentsDocument = graphql(`
  query PartyEnrolments($first: Int!, $after: String, $status: EnrolmentStatus) {
    partyEnrolments(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          status
          funded
          waitlistPosition
          statusChangedAt
          delegate {
            id
            fullName
            email
          }
          session {
            id
            kind
            title
            startsAt
            endsAt
          }
        }
      }
    }
  }
`);

const EnrolmentHistoryDocument = graphql(`
  query PartyEnrolmentHistory($enrolmentId: ID!) {
    enrolmentHistory(enrolmentId: $enrolmentId) {
      at
      from
      to
      reason
      comment
      by {
        id
        fullName
      }
    }
  }
`);

const PAGE_SIZE = 50;
const COLUMNS = 7;
const STATUSES: EnrolmentStatus[] = [
  'PENDING_ENDORSEMENT',
  'CONFIRMED',
  'WAITLISTED',
  'ATTENDED',
  'COMPLETED',
  'NO_SHOW',
  'DECLINED',
  'CANCELLED',
  'EXPIRED',
];
/** The statuses that hold a seat (DOMAIN rule 1): only there is "not funded" an answer. */
const SEAT_HOLDING: EnrolmentStatus[] = ['CONFIRMED', 'ATTENDED', 'COMPLETED'];
const isStatus = (s: string | null): s is EnrolmentStatus => !!s && (STATUSES as string[]).includes(s);

/** Every status change of one enrolment, oldest first: when, from what to what, by whom, why. */
function History({ enrolmentId, id }: { enrolmentId: string; id: string }) {
  const { t } = useTranslation('party');
  const [{ data, fetching, error }] = useQuery({ query: EnrolmentHistoryDocument, variables: { enrolmentId } });
  return (
    <div id={id}>
      {fetching && !data && <Loading />}
      <ErrorMessage error={error} />
      {data && (
        <ol>
          {data.enrolmentHistory.map((c, i) => (
            <li key={i}>
              <DateText iso={c.at} />
              {': '}
              {c.from
                ? t('history.change', { from: t(`common:status.${c.from}`), to: t(`common:status.${c.to}`) })
                : t('history.first', { to: t(`common:status.${c.to}`) })}
              {' — '}
              {c.by ? t('history.by', { name: c.by.fullName }) : t('history.byPlatform')}
              {c.reason && (
                <>
                  {' — '}
                  {t('history.reason', { reason: c.reason })}
                </>
              )}
              {c.comment && (
                <>
                  {' — '}
                  {t('history.comment', { comment: c.comment })}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** A session's start and end in the viewer's zone, the day said once when they share it ("Feb 1, 2030, 10:00 – 12:00"). */
function DateRange({ start, end }: { start: string; end: string }) {
  const { i18n } = useTranslation();
  const zone = useViewerZone();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  return <time dateTime={start}>{format.formatRange(new Date(start), new Date(end))}</time>;
}

interface PageInfo {
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One page of rows (a <tbody> of its own), each with its history on demand. */
function Rows({
  status,
  after,
  onInfo,
}: {
  status: EnrolmentStatus | undefined;
  after: string | null;
  onInfo: (after: string | null, info: PageInfo) => void;
}) {
  const { t } = useTranslation('party');
  const baseId = useId();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [{ data, fetching, error }] = useQuery({
    query: PartyEnrolmentsDocument,
    variables: { first: PAGE_SIZE, after, status },
  });
  const page = data?.partyEnrolments;
  // A page asked for with "show more": its first row takes the focus, so the keyboard goes on from there.
  const firstRow = useRef<HTMLTableCellElement>(null);
  const arrived = !!page;
  useEffect(() => {
    if (arrived && after !== null) firstRow.current?.focus();
  }, [arrived, after]);
  useEffect(() => {
    if (page)
      onInfo(after, {
        totalCount: page.totalCount,
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      });
  }, [page, after, onInfo]);
  if (!page) {
    return (
      <tbody>
        <tr>
          <td colSpan={COLUMNS}>{error ? <ErrorMessage error={error} /> : fetching ? <Loading /> : null}</td>
        </tr>
      </tbody>
    );
  }
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <tbody>
      {after === null && page.edges.length === 0 && (
        <tr>
          <td colSpan={COLUMNS}>
            {status ? t('enrolments.noneWithStatus', { status: t(`common:status.${status}`) }) : t('enrolments.none')}
          </td>
        </tr>
      )}
      {page.edges.map(({ node: e }, index) => {
        const historyId = `${baseId}-${e.id}`;
        const expanded = open.has(e.id);
        return (
          <Fragment key={e.id}>
            <tr>
              <th
                scope="row"
                ref={index === 0 ? firstRow : undefined}
                tabIndex={index === 0 && after !== null ? -1 : undefined}
              >
                {e.delegate.fullName}
                {e.delegate.email && (
                  <>
                    <br />
                    <a href={`mailto:${e.delegate.email}`}>{e.delegate.email}</a>
                  </>
                )}
              </th>
              <td>
                <Link to={`/sessions/${e.session.id}`}>{e.session.title}</Link>
              </td>
              <td>{t(`kind.${e.session.kind}`)}</td>
              <td>
                <DateRange start={e.session.startsAt} end={e.session.endsAt} />
              </td>
              <td>
                <StatusBadge status={e.status} />
                {e.status === 'WAITLISTED' && e.waitlistPosition != null && (
                  <> {t('enrolments.position', { position: e.waitlistPosition })}</>
                )}
              </td>
              <td>
                {e.session.kind === 'WEBINAR'
                  ? t('funding.notApplicable')
                  : e.funded
                    ? t('funding.yes')
                    : SEAT_HOLDING.includes(e.status)
                      ? t('funding.no')
                      : t('funding.noSeat')}
              </td>
              <td>
                {/* The name says whose history (no visually hidden text here: positioned absolutely, it would escape the
                    scrolling table and widen the page). */}
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={expanded}
                  aria-controls={expanded ? historyId : undefined}
                  aria-label={t(expanded ? 'enrolments.hideHistoryOf' : 'enrolments.showHistoryOf', {
                    name: e.delegate.fullName,
                    title: e.session.title,
                  })}
                  onClick={() => toggle(e.id)}
                >
                  {expanded ? t('enrolments.hideHistory') : t('enrolments.showHistory')}
                </button>
              </td>
            </tr>
            {expanded && (
              <tr>
                <td colSpan={COLUMNS}>
                  <History enrolmentId={e.id} id={historyId} />
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </tbody>
  );
}

/**
 * The Party's enrolments, every status or one (kept in the address), as a table that scrolls sideways on a small
 * screen, fifty rows at a time, each row's history shown on demand.
 */
export default function PartyEnrolmentsPage() {
  const { t } = useTranslation('party');
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pages, setPages] = useState<ReadonlyMap<string | null, PageInfo>>(new Map());
  const [shownFor, setShownFor] = useState(status);
  if (shownFor !== status) {
    setShownFor(status);
    setCursors([null]);
    setPages(new Map());
  }
  const onInfo = useCallback(
    (after: string | null, info: PageInfo) => setPages((p) => new Map(p).set(after, info)),
    [],
  );
  // The count from the first page, what follows from the last one.
  const first = pages.get(null);
  const last = pages.get(cursors[cursors.length - 1]);
  const captionId = useId();
  return (
    <section>
      <PageTitle>{t('enrolments.title')}</PageTitle>
      <p className="lead">{t('enrolments.intro')}</p>
      <form className="filters" role="search" aria-label={t('enrolments.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="pe-status">{t('enrolments.status')}</label>
          <select
            id="pe-status"
            value={status ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('status', e.target.value);
              else next.delete('status');
              setParams(next, { replace: true });
            }}
          >
            <option value="">{t('enrolments.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`common:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {first && (
        <p className="result-count" role="status">
          {t('enrolments.count', { count: first.totalCount })}
        </p>
      )}
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table>
          <caption id={captionId} className="visually-hidden">
            {status ? t('enrolments.captionStatus', { status: t(`common:status.${status}`) }) : t('enrolments.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('enrolments.delegate')}</th>
              <th scope="col">{t('enrolments.session')}</th>
              <th scope="col">{t('enrolments.kind')}</th>
              <th scope="col">{t('enrolments.dates')}</th>
              <th scope="col">{t('enrolments.statusColumn')}</th>
              <th scope="col">{t('enrolments.funded')}</th>
              <th scope="col">{t('enrolments.history')}</th>
            </tr>
          </thead>
          {cursors.map((after) => (
            <Rows key={`${status ?? ''}:${after ?? ''}`} status={status} after={after} onInfo={onInfo} />
          ))}
        </table>
      </div>
      {last?.hasNextPage && last.endCursor && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setCursors((c) => [...c, last.endCursor!])}
          >
            {t('enrolments.more')}
          </button>
        </div>
      )}
    </section>
  );
}
