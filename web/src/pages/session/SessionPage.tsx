import { useTranslation } from 'react-i18next';
import { useFileSize } from '../../ui/fileSize';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import { SessionTimes } from '../../ui/time';
import { ErrorMessage, Loading, Notice, PageTitle, StatusBadge } from '../../ui/ui';

const SessionDocument = graphql(`
  query SessionPage($id: ID!) {
    session(id: $id) {
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
      cancelReason
      modules {
        id
        code
        title
        summary
        learningObjectives
      }
      trainers {
        id
        fullName
      }
      myEnrolment {
        id
        status
        waitlistPosition
        funded
      }
      ... on Webinar {
        joinUrl
      }
      ... on Workshop {
        region
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
          title
        }
      }
    }
  }
`);

const MaterialsDocument = graphql(`
  query SessionMaterials($moduleCode: String!) {
    materials(moduleCode: $moduleCode, status: PUBLISHED, first: 50) {
      edges {
        node {
          id
          title
          description
          url
          language
          version
          file {
            fileName
            sizeBytes
            downloadUrl
          }
        }
      }
    }
  }
`);

const EnrolDocument = graphql(`
  mutation Enrol($sessionId: ID!) {
    enrol(sessionId: $sessionId) {
      id
      status
      waitlistPosition
    }
  }
`);

const CancelDocument = graphql(`
  mutation CancelEnrolment($id: ID!) {
    cancelEnrolment(id: $id) {
      id
      status
    }
  }
`);

/** Open enrolments: the ones a delegate may still cancel. */
const OPEN = new Set(['PENDING_ENDORSEMENT', 'WAITLISTED', 'CONFIRMED']);

function Materials({ moduleCode, title }: { moduleCode: string; title: string }) {
  const { t } = useTranslation(['session', 'common']);
  const [{ data }] = useQuery({ query: MaterialsDocument, variables: { moduleCode } });
  const size = useFileSize();
  const items = data?.materials.edges ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby={`materials-${moduleCode}`}>
      <h3 id={`materials-${moduleCode}`}>{t('materialsOf', { module: title })}</h3>
      <ul>
        {items.map(({ node: m }) => (
          <li key={m.id}>
            {m.file?.downloadUrl ? (
              <a href={m.file.downloadUrl} download={m.file.fileName}>
                {m.title}
              </a>
            ) : m.url ? (
              <a href={m.url} rel="noopener noreferrer" target="_blank">
                {m.title}
              </a>
            ) : (
              m.title
            )}{' '}
            <span className="zone">
              ({t(`common:languageName.${m.language}`)}, v{m.version}
              {m.file && <>, {t('fileOf', { name: m.file.fileName, size: size(m.file.sizeBytes) })}</>})
            </span>
            {m.file && !m.file.downloadUrl && <p>{t('signInToDownload')}</p>}
            {m.description && <p>{m.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A session's page: what it covers, when (in its zone and the viewer's), who trains, what is published; enrol or
 * cancel, the waiting-list position, the reason in words when the API refuses; the join link once a seat is held;
 * "add to my calendar".
 */
export default function SessionPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['session', 'catalogue', 'common']);
  const { viewer, hasRole } = useSession();
  const location = useLocation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SessionDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const [enrolState, enrol] = useMutation(EnrolDocument);
  const [cancelState, cancel] = useMutation(CancelDocument);
  if (fetching && !data) return <Loading />;
  if (error && !data) return <ErrorMessage error={error} />;
  const s = data?.session;
  if (!s) {
    return (
      <section>
        <PageTitle>{t('notFound')}</PageTitle>
        <p>
          <Link to="/">{t('backToCatalogue')}</Link>
        </p>
      </section>
    );
  }
  const mine = s.myEnrolment;
  const open = mine && OPEN.has(mine.status);
  const isDelegate = hasRole('DELEGATE');
  const canEnrol = s.status === 'SCHEDULED' && new Date(s.startsAt) > new Date() && (!mine || !open);
  const after = () => refetch({ requestPolicy: 'network-only' });
  const calendarHref = `/calendar/sessions/${s.id}.ics?lang=${i18n.language}`;
  return (
    <article className="session">
      <p className="card__kicker">
        {t(`catalogue:kind.${s.kind}`)}
        {s.__typename === 'Workshop' && ` · ${t(`common:region.${s.region}`)}`} ·{' '}
        {t(`common:languageName.${s.language}`)}
      </p>
      <PageTitle>{s.title}</PageTitle>
      <SessionTimes startsAt={s.startsAt} endsAt={s.endsAt} timeZone={s.timeZone} />
      {s.status === 'CANCELLED' && (
        <Notice tone="warning">
          {t('cancelled')} {s.cancelReason && t('cancelReason', { reason: s.cancelReason })}
        </Notice>
      )}

      <section aria-labelledby="enrolment" className="panel">
        <h2 id="enrolment">{t('yourPlace')}</h2>
        {mine ? (
          <p>
            {t('yourStatus')} <StatusBadge status={mine.status} />
            {mine.status === 'WAITLISTED' && mine.waitlistPosition != null && (
              <> {t('waitlistPosition', { position: mine.waitlistPosition })}</>
            )}
          </p>
        ) : (
          <p>
            {s.seatsLeft > 0
              ? t('catalogue:seatsLeft', { count: s.seatsLeft, capacity: s.capacity })
              : t('fullWaitlist')}
          </p>
        )}
        {mine?.status === 'PENDING_ENDORSEMENT' && <p>{t('pendingExplained')}</p>}
        {mine?.status === 'CONFIRMED' && s.__typename === 'Webinar' && s.joinUrl && (
          <p>
            <a className="button" href={s.joinUrl} rel="noopener noreferrer" target="_blank">
              {t('join')}
            </a>
          </p>
        )}
        {mine?.status === 'CONFIRMED' && s.__typename === 'Workshop' && <p>{t('venue', { venue: s.venue })}</p>}
        <ErrorMessage error={enrolState.error ?? cancelState.error} />
        <div className="actions">
          {!viewer && (
            <Link className="button" to={`/sign-in?next=${encodeURIComponent(location.pathname)}`}>
              {t('signInToEnrol')}
            </Link>
          )}
          {viewer && isDelegate && canEnrol && (
            <button
              type="button"
              className="button"
              disabled={enrolState.fetching}
              onClick={() => void enrol({ sessionId: s.id }).then(after)}
            >
              {s.kind === 'WORKSHOP' ? t('requestPlace') : s.seatsLeft > 0 ? t('enrol') : t('joinWaitlist')}
            </button>
          )}
          {viewer && open && mine && new Date(s.startsAt) > new Date() && (
            <button
              type="button"
              className="button button--danger"
              disabled={cancelState.fetching}
              onClick={() => {
                if (window.confirm(t('confirmCancel'))) void cancel({ id: mine.id }).then(after);
              }}
            >
              {t('cancelEnrolment')}
            </button>
          )}
          <a className="button button--secondary" href={calendarHref} download>
            {t('addToCalendar')}
          </a>
          {hasRole('FOCAL_POINT') && s.__typename === 'Workshop' && s.status === 'SCHEDULED' && (
            <Link className="button button--secondary" to={`/party/nominate?session=${s.id}`}>
              {t('nominate')}
            </Link>
          )}
        </div>
      </section>

      {s.__typename === 'Workshop' && (
        <section aria-labelledby="workshop">
          <h2 id="workshop">{t('workshop')}</h2>
          <dl className="facts">
            <dt>{t('region')}</dt>
            <dd>{t(`common:region.${s.region}`)}</dd>
            <dt>{t('venueLabel')}</dt>
            <dd>{s.venue}</dd>
            {s.hostCentre && (
              <>
                <dt>{t('hostCentre')}</dt>
                <dd>
                  {s.hostCentre.name}, {s.hostCentre.city}
                </dd>
              </>
            )}
            <dt>{t('prerequisites')}</dt>
            <dd>
              {s.prerequisiteModules.length
                ? s.prerequisiteModules.map((m) => `${m.code} — ${m.title}`).join('; ')
                : t('none')}
            </dd>
            <dt>{t('travel')}</dt>
            <dd>
              {s.travelFundable == null
                ? t('travelSignIn')
                : s.travelFundable
                  ? t('travelFunded', { count: s.fundedSeatsPerParty })
                  : t('travelNotFunded')}
            </dd>
          </dl>
        </section>
      )}

      <section aria-labelledby="modules">
        <h2 id="modules">{t('modules')}</h2>
        {s.modules.map((m) => (
          <div key={m.id} className="module">
            <h3>
              {m.code} — {m.title}
            </h3>
            <p>{m.summary}</p>
            {m.learningObjectives.length > 0 && (
              <>
                <h4>{t('objectives')}</h4>
                <ul>
                  {m.learningObjectives.map((o) => (
                    <li key={o}>{o}</li>
                  ))}
                </ul>
              </>
            )}
            <Materials moduleCode={m.code} title={m.title} />
          </div>
        ))}
      </section>

      {s.trainers.length > 0 && (
        <section aria-labelledby="trainers">
          <h2 id="trainers">{t('trainers')}</h2>
          <ul>
            {s.trainers.map((tr) => (
              <li key={tr.id}>{tr.fullName}</li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <Link to="/">{t('backToCatalogue')}</Link>
      </p>
    </article>
  );
}
