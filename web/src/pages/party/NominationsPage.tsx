import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import type { PendingNominationsQuery } from '../../gql/graphql';
import { errorField } from '../../ui/errors';
import { DateText, SessionTimes } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import { fundingOutlook, standingSentence } from './partyShared';

const PendingNominationsDocument = graphql(`
  query PendingNominations($first: Int!, $after: String) {
    partyEnrolments(status: PENDING_ENDORSEMENT, first: $first, after: $after) {
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
          createdAt
          party {
            code
            status
          }
          delegate {
            id
            fullName
            email
          }
          session {
            __typename
            id
            title
            startsAt
            endsAt
            timeZone
            ... on Workshop {
              fundedSeatsPerParty
              travelFundable
            }
          }
        }
      }
    }
  }
`);

const EndorseDocument = graphql(`
  mutation DecideNomination($id: ID!, $approve: Boolean!, $reason: String) {
    endorseEnrolment(id: $id, approve: $approve, reason: $reason) {
      id
      status
      funded
      waitlistPosition
      delegate {
        id
        fullName
      }
      session {
        id
        title
      }
    }
  }
`);

type Nomination = PendingNominationsQuery['partyEnrolments']['edges'][number]['node'];
const PAGE_SIZE = 50;
const REASON_MAX = 500;

/** The result of the last decision, shown above the list (the decided nomination leaves it). */
type Decision = { kind: 'done'; text: string } | { kind: 'failed'; name: string; title: string; error: CombinedError };

/** The reason as the API keeps it: one line (line breaks become spaces), without spaces at either end. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function NominationCard({
  nomination: n,
  own,
  onDecided,
  takeFocus,
}: {
  nomination: Nomination;
  own: boolean;
  onDecided: (decision: Decision) => void;
  /** The first card a "show more" brought: the keyboard goes on from there. */
  takeFocus: boolean;
}) {
  const { t } = useTranslation('party');
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [takeFocus]);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [{ fetching, error }, decide] = useMutation(EndorseDocument);
  const declineButton = useRef<HTMLButtonElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const wasDeclining = useRef(false);
  // Opening the form puts the cursor in the reason; closing it brings the focus back to the button that opened it.
  useEffect(() => {
    if (declining) reasonBox.current?.focus();
    else if (wasDeclining.current) declineButton.current?.focus();
    wasDeclining.current = declining;
  }, [declining]);

  const send = async (approve: boolean) => {
    const result = await decide(
      { id: n.id, approve, reason: approve ? null : oneLine(reason) },
      // The list and the header's count are queries of EnrolmentConnection, which the answer does not carry.
      { additionalTypenames: ['EnrolmentConnection'] },
    );
    if (result.data) {
      const e = result.data.endorseEnrolment;
      // "Endorsed: … now holds a seat" / "… is on the waiting list"; a decline says so itself.
      const text = approve ? `${t('nominations.endorsed')} ${standingSentence(t, e)}` : standingSentence(t, e);
      onDecided({ kind: 'done', text });
    } else if (result.error && errorField(result.error) !== 'reason') {
      onDecided({ kind: 'failed', name: n.delegate.fullName, title: n.session.title, error: result.error });
    }
  };
  const submitDecline = (e: FormEvent) => {
    e.preventDefault();
    if (!oneLine(reason)) {
      setReasonMissing(true);
      reasonBox.current?.focus();
      return;
    }
    void send(false);
  };
  const reasonError = reasonMissing && !oneLine(reason) ? t('nominations.reasonRequired') : undefined;
  const apiReasonError = errorField(error) === 'reason' ? error : null;

  return (
    <li className="card">
      <article aria-labelledby={headingId}>
        <h2 id={headingId} ref={heading} className="card__title" tabIndex={takeFocus ? -1 : undefined}>
          {n.delegate.fullName}
        </h2>
        <dl className="facts">
          {n.delegate.email && (
            <>
              <dt>{t('nominations.delegateEmail')}</dt>
              <dd>
                <a href={`mailto:${n.delegate.email}`} className="mono">
                  {n.delegate.email}
                </a>
              </dd>
            </>
          )}
          <dt>{t('nominations.workshop')}</dt>
          <dd>
            <Link to={`/sessions/${n.session.id}`}>{n.session.title}</Link>
            <SessionTimes startsAt={n.session.startsAt} endsAt={n.session.endsAt} timeZone={n.session.timeZone} />
          </dd>
          <dt>{t('nominations.funding')}</dt>
          <dd>
            {n.funded
              ? t('funding.yes')
              : n.session.__typename === 'Workshop'
                ? fundingOutlook(t, n.session, n.party.status)
                : t('funding.notApplicable')}
          </dd>
          <dt>{t('nominations.askedOn')}</dt>
          <dd>
            <DateText iso={n.createdAt} />
          </dd>
        </dl>
        {own ? (
          <p>{t('nominations.own')}</p>
        ) : (
          <>
            {!declining && (
              <div className="actions">
                <button type="button" className="button" disabled={fetching} onClick={() => void send(true)}>
                  {t('nominations.endorse')}
                  <span className="visually-hidden">
                    {' '}
                    {t('nominations.nominationOf', { name: n.delegate.fullName })}
                  </span>
                </button>
                <button
                  type="button"
                  ref={declineButton}
                  className="button button--danger"
                  disabled={fetching}
                  onClick={() => setDeclining(true)}
                >
                  {t('nominations.decline')}
                  <span className="visually-hidden">
                    {' '}
                    {t('nominations.nominationOf', { name: n.delegate.fullName })}
                  </span>
                </button>
              </div>
            )}
            {declining && (
              <form
                className="fieldset"
                noValidate
                onSubmit={submitDecline}
                aria-label={t('nominations.declineTitle', { name: n.delegate.fullName })}
              >
                <Field label={t('nominations.reason')} hint={t('nominations.reasonHint')} error={reasonError}>
                  {(props) => (
                    <textarea
                      {...props}
                      ref={reasonBox}
                      rows={3}
                      maxLength={REASON_MAX}
                      required
                      aria-required="true"
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                    />
                  )}
                </Field>
                <ErrorMessage error={apiReasonError} />
                <div className="actions">
                  <button type="submit" className="button button--danger" disabled={fetching}>
                    {fetching ? t('nominations.sending') : t('nominations.confirmDecline')}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={fetching}
                    onClick={() => {
                      setDeclining(false);
                      setReasonMissing(false);
                    }}
                  >
                    {t('common:cancel')}
                  </button>
                </div>
              </form>
            )}
          </>
        )}
      </article>
    </li>
  );
}

interface PageInfo {
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One page of nominations (their <li>s in the page's list); the first page of a "show more" takes the focus. */
function NominationsChunk({
  after,
  onInfo,
  onDecided,
  reloadToken,
}: {
  after: string | null;
  onInfo: (after: string | null, info: PageInfo) => void;
  onDecided: (decision: Decision) => void;
  reloadToken: number;
}) {
  const { viewer } = useSession();
  const [{ data, fetching, error }, reload] = useQuery({
    query: PendingNominationsDocument,
    variables: { first: PAGE_SIZE, after },
    requestPolicy: 'cache-and-network',
  });
  // A refusal may mean the list is out of date (decided elsewhere, the session started): ask again.
  useEffect(() => {
    if (reloadToken) reload({ requestPolicy: 'network-only' });
  }, [reloadToken, reload]);
  const page = data?.partyEnrolments;
  useEffect(() => {
    if (page)
      onInfo(after, {
        totalCount: page.totalCount,
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      });
  }, [page, after, onInfo]);
  if (!page) {
    return fetching || error ? (
      <li>
        {fetching && <Loading />}
        <ErrorMessage error={error} />
      </li>
    ) : null;
  }
  return (
    <>
      {page.edges.map(({ node }, index) => (
        <NominationCard
          key={node.id}
          takeFocus={after !== null && index === 0}
          nomination={node}
          own={node.delegate.id === viewer?.id}
          onDecided={onDecided}
        />
      ))}
    </>
  );
}

/**
 * The Party's workshop nominations waiting for the focal point: endorse one, or decline it with a reason. The
 * decision is then said in words above the list (the nomination leaves it, and the header's count follows).
 */
export default function NominationsPage() {
  const { t } = useTranslation('party');
  const { viewer } = useSession();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pages, setPages] = useState<ReadonlyMap<string | null, PageInfo>>(new Map());
  const onInfo = useCallback(
    (after: string | null, info: PageInfo) => setPages((p) => new Map(p).set(after, info)),
    [],
  );
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const decisionRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (decision) decisionRef.current?.focus();
  }, [decision]);
  const onDecided = useCallback((d: Decision) => {
    setDecision(d);
    if (d.kind === 'failed') setReloadToken((n) => n + 1);
  }, []);
  const first = pages.get(null);
  const last = pages.get(cursors[cursors.length - 1]);
  return (
    <section>
      <PageTitle>{t('nominations.title')}</PageTitle>
      <p className="lead">{t('nominations.intro', { party: viewer?.party?.name ?? '' })}</p>
      <p>
        <Link to="/party/nominate">{t('nominations.nominate')}</Link>
      </p>
      {decision && (
        <div ref={decisionRef} tabIndex={-1}>
          {decision.kind === 'done' ? (
            <Notice tone="success">{decision.text}</Notice>
          ) : (
            <>
              <p>{t('nominations.failedFor', { name: decision.name, title: decision.title })}</p>
              <ErrorMessage error={decision.error} />
            </>
          )}
        </div>
      )}
      {first && (
        <p className="result-count" role="status">
          {first.totalCount ? t('nominations.count', { count: first.totalCount }) : t('nominations.none')}
        </p>
      )}
      <ul className="cards">
        {cursors.map((after) => (
          <NominationsChunk
            key={after ?? ''}
            after={after}
            onInfo={onInfo}
            onDecided={onDecided}
            reloadToken={reloadToken}
          />
        ))}
      </ul>
      {last?.hasNextPage && last.endCursor && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setCursors((c) => [...c, last.endCursor!])}
          >
            {t('nominations.more')}
          </button>
        </div>
      )}
    </section>
  );
}
