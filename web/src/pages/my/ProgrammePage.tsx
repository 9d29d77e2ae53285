import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClient, useMutation, useQuery, type CombinedError, type OperationResult } from 'urql';
import { graphql } from '../../gql';
import type { EnrolmentStatus, MyEnrolmentsQuery, MyEnrolmentsQueryVariables } from '../../gql/graphql';
import { CopyButton } from '../../ui/copy';
import { DateText, SessionTimes } from '../../ui/time';
import { ErrorMessage, Loading, Notice, PageTitle, StatusBadge } from '../../ui/ui';
import './my.css';

const MyEnrolmentsDocument = graphql(`
  query MyEnrolments($first: Int!, $after: String) {
    myEnrolments(first: $first, after: $after) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          status
          waitlistPosition
          session {
            id
            kind
            title
            startsAt
            endsAt
            timeZone
            status
          }
        }
      }
    }
  }
`);

const EnrolmentHistoryDocument = graphql(`
  query EnrolmentHistory($enrolmentId: ID!) {
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

const RotateCalendarTokenDocument = graphql(`
  mutation RotateCalendarToken {
    rotateCalendarToken
  }
`);

type Enrolment = MyEnrolmentsQuery['myEnrolments']['edges'][number]['node'];

/** The API's largest page: a delegate's enrolments come in one or two pages. */
const PAGE_SIZE = 100;
const OPEN: EnrolmentStatus[] = ['PENDING_ENDORSEMENT', 'WAITLISTED', 'CONFIRMED'];
const PRESENT: EnrolmentStatus[] = ['ATTENDED', 'COMPLETED'];

/**
 * Every enrolment of the viewer, all pages (the API lists them oldest first, so the upcoming ones are on the last
 * page): the page splits them into upcoming and past, which needs them all.
 */
function useAllEnrolments(): { enrolments: Enrolment[] | null; error: CombinedError | null } {
  const client = useClient();
  const [state, setState] = useState<{ enrolments: Enrolment[] | null; error: CombinedError | null }>({
    enrolments: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    void (async () => {
      const all: Enrolment[] = [];
      let after: string | null = null;
      for (;;) {
        const result: OperationResult<MyEnrolmentsQuery, MyEnrolmentsQueryVariables> = await client
          .query(MyEnrolmentsDocument, { first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
          .toPromise();
        if (!live) return;
        if (result.error || !result.data) {
          setState({ enrolments: null, error: result.error ?? null });
          return;
        }
        const page: MyEnrolmentsQuery['myEnrolments'] = result.data.myEnrolments;
        all.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      setState({ enrolments: all, error: null });
    })();
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}

function History({ enrolmentId }: { enrolmentId: string }) {
  const { t } = useTranslation('programme');
  const [{ data, fetching, error }] = useQuery({
    query: EnrolmentHistoryDocument,
    variables: { enrolmentId },
    requestPolicy: 'cache-and-network',
  });
  if (fetching && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} />;
  const changes = data?.enrolmentHistory ?? [];
  return (
    <ol className="history" aria-label={t('history.label')}>
      {changes.map((c, i) => (
        <li key={i}>
          <p className="history__change">
            <DateText iso={c.at} />
            <span>
              {c.from ? (
                <>
                  <StatusBadge status={c.from} /> <span aria-hidden="true">→</span>
                  <span className="visually-hidden">{t('history.to')}</span> <StatusBadge status={c.to} />
                </>
              ) : (
                <>
                  {t('history.first')} <StatusBadge status={c.to} />
                </>
              )}
            </span>
          </p>
          <p>
            {/* The platform's reasons are written in English. */}
            {t('history.reason')} <span lang="en">{c.reason}</span>
            <br />
            {t('history.by')} {c.by ? c.by.fullName : t('history.byPlatform')}
          </p>
          {c.comment && (
            <p>
              {t('history.comment')} <q>{c.comment}</q>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function EnrolmentCard({ enrolment: e, now }: { enrolment: Enrolment; now: number }) {
  const { t } = useTranslation('programme');
  const [showHistory, setShowHistory] = useState(false);
  const historyId = useId();
  const s = e.session;
  const beforeStart = Date.parse(s.startsAt) > now;
  const present = PRESENT.includes(e.status);
  const links: { to: string; label: string }[] = [];
  if (OPEN.includes(e.status) && beforeStart) links.push({ to: `/my/assessments/${s.id}/pre`, label: t('take.pre') });
  if (present) links.push({ to: `/my/assessments/${s.id}/post`, label: t('take.post') });
  if (present && s.status === 'COMPLETED') {
    links.push({ to: `/my/assessments/${s.id}/follow-up`, label: t('take.followUp') });
  }
  const titleId = `enrolment-${e.id}`;
  return (
    <li className="card">
      <article aria-labelledby={titleId}>
        <p className="card__kicker">{t(`catalogue:kind.${s.kind}`)}</p>
        <h3 id={titleId} className="card__title">
          <Link to={`/sessions/${s.id}`}>{s.title}</Link>
        </h3>
        <SessionTimes startsAt={s.startsAt} endsAt={s.endsAt} timeZone={s.timeZone} />
        <p className="card__status">
          <span>{t('yourEnrolment')}</span> <StatusBadge status={e.status} />
          {s.status === 'CANCELLED' && e.status !== 'CANCELLED' && <span>{t('sessionCancelled')}</span>}
        </p>
        {e.status === 'WAITLISTED' && e.waitlistPosition != null && (
          <p>{t('waitlistPosition', { position: e.waitlistPosition })}</p>
        )}
        {links.length > 0 && (
          <ul className="card__links" aria-label={t('assessments')}>
            {links.map((l) => (
              <li key={l.to}>
                <Link to={l.to}>{l.label}</Link>
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="link-button"
          aria-expanded={showHistory}
          aria-controls={showHistory ? historyId : undefined}
          onClick={() => setShowHistory((v) => !v)}
        >
          {showHistory ? t('history.hide') : t('history.show')}
          <span className="visually-hidden"> — {s.title}</span>
        </button>
        {showHistory && (
          <div id={historyId}>
            <History enrolmentId={e.id} />
          </div>
        )}
      </article>
    </li>
  );
}

function Enrolments() {
  const { t } = useTranslation('programme');
  const { enrolments, error } = useAllEnrolments();
  // The moment the list was split: one "now" for every card, fixed while the page is open.
  const [now] = useState(() => Date.now());
  if (error) return <ErrorMessage error={error} />;
  if (!enrolments) return <Loading />;
  if (!enrolments.length) {
    return (
      <p>
        {t('none')} <Link to="/">{t('toCatalogue')}</Link>
      </p>
    );
  }
  const upcoming = enrolments
    .filter((e) => Date.parse(e.session.endsAt) > now)
    .sort((a, b) => Date.parse(a.session.startsAt) - Date.parse(b.session.startsAt));
  const past = enrolments
    .filter((e) => Date.parse(e.session.endsAt) <= now)
    .sort((a, b) => Date.parse(b.session.startsAt) - Date.parse(a.session.startsAt));
  return (
    <>
      <section className="my-section" aria-labelledby="programme-upcoming">
        <h2 id="programme-upcoming">{t('upcoming')}</h2>
        {upcoming.length ? (
          <ul className="my-list">
            {upcoming.map((e) => (
              <EnrolmentCard key={e.id} enrolment={e} now={now} />
            ))}
          </ul>
        ) : (
          <p>
            {t('noUpcoming')} <Link to="/">{t('toCatalogue')}</Link>
          </p>
        )}
      </section>
      <section className="my-section" aria-labelledby="programme-past">
        <h2 id="programme-past">{t('past')}</h2>
        {past.length ? (
          <ul className="my-list">
            {past.map((e) => (
              <EnrolmentCard key={e.id} enrolment={e} now={now} />
            ))}
          </ul>
        ) : (
          <p>{t('noPast')}</p>
        )}
      </section>
    </>
  );
}

/**
 * The personal calendar feed. The platform keeps only a fingerprint of the feed's secret, so it cannot show the
 * current address again: a new one is made (and shown, once) on request, and the previous one stops working.
 */
function CalendarFeed() {
  const { t } = useTranslation('programme');
  const [{ data, fetching, error }, rotate] = useMutation(RotateCalendarTokenDocument);
  const [confirming, setConfirming] = useState(false);
  const address = data?.rotateCalendarToken ?? null;
  const field = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (address) field.current?.focus();
  }, [address]);
  const confirmId = useId();
  const fieldId = useId();
  return (
    <section className="my-section" aria-labelledby="programme-calendar">
      <h2 id="programme-calendar">{t('calendar.title')}</h2>
      <p>{t('calendar.intro')}</p>
      {address && <Notice tone="success">{t('calendar.rotated')}</Notice>}
      {address ? (
        <div className="field">
          <label htmlFor={fieldId}>{t('calendar.address')}</label>
          <p className="field__hint" id={`${fieldId}-hint`}>
            {t('calendar.addressHint')}
          </p>
          <div className="copy-row">
            <input
              id={fieldId}
              ref={field}
              type="text"
              readOnly
              value={address}
              dir="ltr"
              aria-describedby={`${fieldId}-hint`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton
              text={address}
              what={t('calendar.copyWhat')}
              failedText={t('calendar.copyFailed')}
              target={field}
            />
          </div>
        </div>
      ) : (
        <p>{t('calendar.notShown')}</p>
      )}
      <ErrorMessage error={error} />
      {confirming ? (
        <div className="notice notice--warning" role="group" aria-labelledby={confirmId}>
          <p id={confirmId}>
            <strong>{t('calendar.confirmTitle')}</strong> {t('calendar.confirmText')}
          </p>
          <div className="actions">
            <button
              ref={confirmButton}
              type="button"
              className="button"
              disabled={fetching}
              onClick={() => {
                setConfirming(false);
                void rotate({});
              }}
            >
              {t('calendar.confirm')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setConfirming(false);
                // Back to the button that opened the question (rendered again once this group is gone).
                window.setTimeout(() => startButton.current?.focus(), 0);
              }}
            >
              {t('common:cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            ref={startButton}
            type="button"
            className="button button--secondary"
            disabled={fetching}
            onClick={() => setConfirming(true)}
          >
            {address ? t('calendar.rotateAgain') : t('calendar.rotate')}
          </button>
          {fetching && <Loading />}
        </div>
      )}
    </section>
  );
}

/** The delegate's enrolments (upcoming, then past), their histories and tests, and the personal calendar feed. */
export default function ProgrammePage() {
  const { t } = useTranslation(['programme', 'catalogue']);
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <p className="lead">{t('intro')}</p>
      <Enrolments />
      <CalendarFeed />
    </section>
  );
}
