import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery, type CombinedError, type OperationResult } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import type { NominateDelegatesQuery, UnRegion } from '../../gql/graphql';
import { SessionTimes } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import { fundingOutlook, standingSentence, useModuleNames } from './partyShared';

const DelegatesDocument = graphql(`
  query NominateDelegates($partyCode: String!, $first: Int!, $after: String) {
    users(role: DELEGATE, partyCode: $partyCode, first: $first, after: $after) {
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          fullName
          email
        }
      }
    }
  }
`);

const WorkshopsDocument = graphql(`
  query NominateWorkshops($region: UnRegion!, $from: DateTime!, $first: Int!) {
    sessions(kind: WORKSHOP, region: $region, from: $from, status: SCHEDULED, first: $first) {
      edges {
        node {
          __typename
          id
          title
          startsAt
          endsAt
          timeZone
          capacity
          seatsLeft
          modules {
            id
            code
          }
          ... on Workshop {
            venue
            fundedSeatsPerParty
            travelFundable
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

const LinkedSessionDocument = graphql(`
  query NominateLinkedSession($id: ID!) {
    session(id: $id) {
      id
      title
    }
  }
`);

const NominateDocument = graphql(`
  mutation NominateDelegate($sessionId: ID!, $delegateId: ID!) {
    enrol(sessionId: $sessionId, delegateId: $delegateId) {
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

type Delegate = NominateDelegatesQuery['users']['edges'][number]['node'];
const PAGE = 100; // the API's largest page

/** Every delegate of the Party (a hundred per request), sorted by name for the list to choose from. */
function useDelegates(partyCode: string | undefined) {
  const client = useClient();
  const { i18n } = useTranslation();
  const [state, setState] = useState<{ list: Delegate[] | null; error: CombinedError | null }>({
    list: null,
    error: null,
  });
  useEffect(() => {
    if (!partyCode) return;
    let live = true;
    void (async () => {
      const all: Delegate[] = [];
      let after: string | null = null;
      for (;;) {
        const result: OperationResult<NominateDelegatesQuery> = await client
          .query(DelegatesDocument, { partyCode, first: PAGE, after })
          .toPromise();
        if (!live) return;
        if (result.error || !result.data) {
          setState({ list: null, error: result.error ?? null });
          return;
        }
        all.push(...result.data.users.edges.map((e) => e.node));
        const { hasNextPage, endCursor } = result.data.users.pageInfo;
        if (!hasNextPage || !endCursor) break;
        after = endCursor;
      }
      setState({ list: all, error: null });
    })();
    return () => {
      live = false;
    };
  }, [client, partyCode]);
  const collator = new Intl.Collator(i18n.language);
  return { ...state, list: state.list && [...state.list].sort((a, b) => collator.compare(a.fullName, b.fullName)) };
}

/**
 * A focal point nominates a delegate of their Party for an upcoming workshop of the Party's region (the workshop may
 * come chosen in the address, ?session=…). The nomination counts as endorsed: the answer says whether the delegate
 * holds a seat (with travel funded or not) or is on the waiting list; a refusal says why.
 */
export default function NominatePage() {
  const { t } = useTranslation('party');
  const { viewer } = useSession();
  const party = viewer?.party ?? null;
  const [params, setParams] = useSearchParams();
  const [now] = useState(() => new Date().toISOString());
  const moduleName = useModuleNames();
  const delegates = useDelegates(party?.code);
  const [{ data: workshopsData, fetching: workshopsLoading, error: workshopsError }] = useQuery({
    query: WorkshopsDocument,
    variables: { region: (party?.region ?? 'AFRICA') as UnRegion, from: now, first: PAGE },
    pause: !party,
  });
  const linkedId = params.get('session');
  const [delegateId, setDelegateId] = useState('');
  const [checked, setChecked] = useState(false);
  const [result, runNominate] = useMutation(NominateDocument);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const delegateRef = useRef<HTMLSelectElement>(null);
  const workshopRef = useRef<HTMLSelectElement>(null);
  const [outcomeShown, setOutcomeShown] = useState(false);

  // Workshops still to start: one that has begun no longer takes nominations.
  const workshops = (workshopsData?.sessions.edges ?? [])
    .map((e) => e.node)
    .filter((s) => s.__typename === 'Workshop' && s.startsAt > now);
  const workshop = workshops.find((w) => w.id === linkedId) ?? null;
  const linkedElsewhere = !!linkedId && !!workshopsData && !workshop;
  const [{ data: linked }] = useQuery({
    query: LinkedSessionDocument,
    variables: { id: linkedId ?? '' },
    pause: !linkedElsewhere,
  });

  useEffect(() => {
    if (outcomeShown) outcomeRef.current?.focus();
  }, [outcomeShown, result.data, result.error]);

  if (!party) {
    return (
      <section>
        <PageTitle>{t('nominate.title')}</PageTitle>
        <p>{t('noParty')}</p>
      </section>
    );
  }

  const chooseWorkshop = (id: string) => {
    const next = new URLSearchParams(params);
    if (id) next.set('session', id);
    else next.delete('session');
    setParams(next, { replace: true });
  };
  const delegateMissing = checked && !delegateId;
  const workshopMissing = checked && !workshop;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!delegateId) {
      delegateRef.current?.focus();
      return;
    }
    if (!workshop) {
      workshopRef.current?.focus();
      return;
    }
    // A new enrolment changes the Party's lists and the nominations badge (queries of EnrolmentConnection).
    await runNominate({ sessionId: workshop.id, delegateId }, { additionalTypenames: ['EnrolmentConnection'] });
    setOutcomeShown(true);
  };
  const startAgain = () => {
    setDelegateId('');
    setChecked(false);
    setOutcomeShown(false);
    chooseWorkshop('');
    delegateRef.current?.focus();
  };
  const missingModules = (result.error?.graphQLErrors[0]?.extensions?.missingModules ?? []) as string[];
  const nominee = delegates.list?.find((d) => d.id === delegateId);

  return (
    <section>
      <PageTitle>{t('nominate.title')}</PageTitle>
      <p className="lead">{t('nominate.intro', { party: party.name, region: t(`common:region.${party.region}`) })}</p>

      {outcomeShown && (
        <div ref={outcomeRef} tabIndex={-1}>
          {result.data && (
            <Notice tone="success">
              {standingSentence(t, result.data.enrol)} <Link to="/party/enrolments">{t('nominate.seeEnrolments')}</Link>
            </Notice>
          )}
          <ErrorMessage error={result.error} />
          {missingModules.length > 0 && (
            <p>
              {t('nominate.missingModules', {
                name: nominee?.fullName ?? '',
                modules: missingModules.map(moduleName).join('; '),
              })}
            </p>
          )}
          {result.data && (
            <div className="actions">
              <button type="button" className="button button--secondary" onClick={startAgain}>
                {t('nominate.another')}
              </button>
            </div>
          )}
        </div>
      )}

      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="nominate-form-title">
        <h2 id="nominate-form-title" className="visually-hidden">
          {t('nominate.formTitle')}
        </h2>
        {delegates.error && <ErrorMessage error={delegates.error} />}
        {!delegates.list && !delegates.error && <Loading />}
        {delegates.list && delegates.list.length === 0 && (
          <Notice tone="warning">{t('nominate.noDelegates', { party: party.name })}</Notice>
        )}
        {delegates.list && delegates.list.length > 0 && (
          <Field
            label={t('nominate.delegate')}
            hint={t('nominate.delegateHint', { party: party.name })}
            error={delegateMissing ? t('nominate.chooseDelegate') : undefined}
          >
            {(props) => (
              <select
                {...props}
                ref={delegateRef}
                required
                value={delegateId}
                onChange={(e) => setDelegateId(e.target.value)}
              >
                <option value="">{t('nominate.delegatePlaceholder')}</option>
                {delegates.list!.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.email ? `${d.fullName} — ${d.email}` : d.fullName}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}

        <ErrorMessage error={workshopsError} />
        {workshopsLoading && !workshopsData && <Loading />}
        {linkedElsewhere && (
          <Notice tone="warning">
            {linked?.session
              ? t('nominate.linkedNotOpen', { title: linked.session.title })
              : t('nominate.linkedUnknown')}
          </Notice>
        )}
        {workshopsData && workshops.length === 0 && (
          <Notice tone="warning">{t('nominate.noWorkshops', { region: t(`common:region.${party.region}`) })}</Notice>
        )}
        {workshops.length > 0 && (
          <Field
            label={t('nominate.workshop')}
            hint={t('nominate.workshopHint', { region: t(`common:region.${party.region}`) })}
            error={workshopMissing ? t('nominate.chooseWorkshop') : undefined}
          >
            {(props) => (
              <select
                {...props}
                ref={workshopRef}
                required
                value={workshop?.id ?? ''}
                onChange={(e) => chooseWorkshop(e.target.value)}
              >
                <option value="">{t('nominate.workshopPlaceholder')}</option>
                {workshops.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}

        {workshop && workshop.__typename === 'Workshop' && (
          <section className="card" aria-labelledby="nominate-workshop-title">
            <h2 id="nominate-workshop-title" className="card__title">
              <Link to={`/sessions/${workshop.id}`}>{workshop.title}</Link>
            </h2>
            <SessionTimes startsAt={workshop.startsAt} endsAt={workshop.endsAt} timeZone={workshop.timeZone} />
            <dl className="facts">
              <dt>{t('nominate.venue')}</dt>
              <dd>
                {workshop.hostCentre
                  ? t('nominate.venueWithCentre', {
                      venue: workshop.venue,
                      centre: workshop.hostCentre.name,
                      city: workshop.hostCentre.city,
                    })
                  : workshop.venue}
              </dd>
              <dt>{t('nominate.modules')}</dt>
              <dd>{workshop.modules.map((m) => moduleName(m.code)).join('; ')}</dd>
              <dt>{t('nominate.prerequisites')}</dt>
              <dd>
                {workshop.prerequisiteModules.length
                  ? t('nominate.prerequisitesList', {
                      modules: workshop.prerequisiteModules.map((m) => moduleName(m.code)).join('; '),
                    })
                  : t('nominate.noPrerequisites')}
              </dd>
              <dt>{t('nominate.seats')}</dt>
              <dd>
                {workshop.seatsLeft > 0
                  ? t('nominate.seatsLeft', { count: workshop.seatsLeft, capacity: workshop.capacity })
                  : t('nominate.full')}
              </dd>
              <dt>{t('nominate.funding')}</dt>
              <dd>{fundingOutlook(t, workshop, party.status)}</dd>
            </dl>
          </section>
        )}

        <div className="actions">
          <button type="submit" className="button" disabled={result.fetching}>
            {result.fetching ? t('nominate.sending') : t('nominate.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
