import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Language, SessionKind, SessionStatus, UnRegion } from '../../gql/graphql';
import { errorField } from '../../ui/errors';
import { SessionTimes } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle, StatusBadge } from '../../ui/ui';
import { LANGUAGES, REGIONS, SecretariatNav, TIME_ZONES, useReference, utcToZoned, zonedToUtc } from './shared';
import './secretariat.css';

const TrainersDocument = graphql(`
  query SecretariatTrainers {
    users(role: TRAINER, first: 100) {
      edges {
        node {
          id
          fullName
        }
      }
    }
  }
`);

const ScheduleWebinarDocument = graphql(`
  mutation SecretariatScheduleWebinar($input: WebinarInput!) {
    scheduleWebinar(input: $input) {
      id
      title
    }
  }
`);

const CreateWorkshopDocument = graphql(`
  mutation SecretariatCreateWorkshop($input: WorkshopInput!) {
    createWorkshop(input: $input) {
      id
      title
    }
  }
`);

const SessionsDocument = graphql(`
  query SecretariatSessions(
    $after: String
    $kind: SessionKind
    $status: SessionStatus
    $region: UnRegion
    $moduleCode: String
    $from: DateTime
  ) {
    sessions(
      first: 20
      after: $after
      kind: $kind
      status: $status
      region: $region
      moduleCode: $moduleCode
      from: $from
    ) {
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
          startsAt
          endsAt
          timeZone
          status
          capacity
          seatsTaken
          cancelReason
          ... on Workshop {
            region
            venue
          }
        }
      }
    }
  }
`);

const RescheduleDocument = graphql(`
  mutation SecretariatReschedule($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!) {
    rescheduleSession(id: $id, startsAt: $startsAt, endsAt: $endsAt) {
      id
      startsAt
      endsAt
      status
    }
  }
`);

const CapacityDocument = graphql(`
  mutation SecretariatSetCapacity($id: ID!, $capacity: Int!) {
    setCapacity(id: $id, capacity: $capacity) {
      id
      capacity
      seatsTaken
    }
  }
`);

const CancelDocument = graphql(`
  mutation SecretariatCancelSession($id: ID!, $reason: String!) {
    cancelSession(id: $id, reason: $reason) {
      id
      status
      cancelReason
    }
  }
`);

/** Scheduling: a form for a webinar or a workshop, then the sessions with what may change in each. */
export default function SessionsPage() {
  const { t } = useTranslation('secretariat');
  return (
    <section className="sec-page">
      <SecretariatNav />
      <PageTitle>{t('sessions.title')}</PageTitle>
      <p className="lead">{t('sessions.intro')}</p>
      <ScheduleForm />
      <SessionList />
    </section>
  );
}

/** A time zone typed or picked from the browser's list of IANA zones (the list filters as one types). */
function TimeZoneField({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const { t } = useTranslation('secretariat');
  const listId = useId();
  const wrong = !!value && !TIME_ZONES.includes(value);
  return (
    <Field
      label={t('sessions.timeZone')}
      hint={t('sessions.timeZoneHint')}
      error={wrong ? t('sessions.timeZoneWrong') : undefined}
    >
      {(p) => (
        <>
          <input
            {...p}
            list={listId}
            required
            autoComplete="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
          <datalist id={listId}>
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

function ModuleChecks({
  legend,
  chosen,
  onChange,
  name,
}: {
  legend: string;
  chosen: string[];
  onChange: (codes: string[]) => void;
  name: string;
}) {
  const { modules } = useReference();
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {modules.map((m) => (
        <label key={m.code} className="choice">
          <input
            type="checkbox"
            name={name}
            value={m.code}
            checked={chosen.includes(m.code)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, m.code] : chosen.filter((c) => c !== m.code))}
          />{' '}
          {m.code} — {m.title}
        </label>
      ))}
    </fieldset>
  );
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function ScheduleForm() {
  const { t } = useTranslation('secretariat');
  const ref = useReference();
  const [{ data: trainerData }] = useQuery({ query: TrainersDocument });
  const [kind, setKind] = useState<SessionKind>('WORKSHOP');
  const [title, setTitle] = useState('');
  const [modules, setModules] = useState<string[]>([]);
  const [moduleCode, setModuleCode] = useState('');
  const [prerequisites, setPrerequisites] = useState<string[]>([]);
  const [language, setLanguage] = useState<Language>('EN');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [region, setRegion] = useState<UnRegion | ''>('');
  const [hostCentreId, setHostCentreId] = useState('');
  const [venue, setVenue] = useState('');
  const [joinUrl, setJoinUrl] = useState('');
  const [capacity, setCapacity] = useState('30');
  const [fundedSeats, setFundedSeats] = useState('1');
  const [plannedCost, setPlannedCost] = useState('');
  const [trainerIds, setTrainerIds] = useState<string[]>([]);
  const [created, setCreated] = useState<{ id: string; title: string } | null>(null);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const [webinarState, scheduleWebinar] = useMutation(ScheduleWebinarDocument);
  const [workshopState, createWorkshop] = useMutation(CreateWorkshopDocument);
  const state = kind === 'WEBINAR' ? webinarState : workshopState;
  const field = errorField(state.error);
  const fieldError = (name: string) => (field === name ? t('sessions.fieldWrong') : undefined);
  const centres = region ? ref.centres.filter((c) => c.country.region === region) : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    setLocalProblem(null);
    if (!TIME_ZONES.includes(timeZone)) return setLocalProblem(t('sessions.timeZoneWrong'));
    const startsAt = zonedToUtc(start, timeZone);
    const endsAt = zonedToUtc(end, timeZone);
    if (!startsAt || !endsAt) return setLocalProblem(t('sessions.timesMissing'));
    if (endsAt <= startsAt) return setLocalProblem(t('sessions.endBeforeStart'));
    const common = {
      title: title.trim(),
      language,
      startsAt,
      endsAt,
      timeZone,
      capacity: Number(capacity),
      trainerIds: trainerIds.length ? trainerIds : null,
    };
    if (kind === 'WEBINAR') {
      if (!moduleCode) return setLocalProblem(t('sessions.moduleMissing'));
      const res = await scheduleWebinar({ input: { ...common, moduleCode, joinUrl: joinUrl.trim() } });
      if (res.data) setCreated(res.data.scheduleWebinar);
    } else {
      if (!modules.length) return setLocalProblem(t('sessions.moduleMissing'));
      if (!region) return setLocalProblem(t('sessions.regionMissing'));
      const res = await createWorkshop({
        input: {
          ...common,
          moduleCodes: modules,
          prerequisiteModuleCodes: prerequisites,
          region,
          hostCentreId: hostCentreId || null,
          venue: venue.trim(),
          fundedSeatsPerParty: Number(fundedSeats),
          plannedCostUsd: Number(plannedCost.replace(',', '.')),
        },
      });
      if (res.data) setCreated(res.data.createWorkshop);
    }
  };

  return (
    <form className="form sec-card" onSubmit={submit} aria-labelledby="sec-schedule-title">
      <h2 id="sec-schedule-title">{t('sessions.scheduleTitle')}</h2>
      <fieldset className="fieldset">
        <legend>{t('sessions.kind')}</legend>
        {(['WORKSHOP', 'WEBINAR'] as const).map((k) => (
          <label key={k} className="choice">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
            {t(`sessions.kindName.${k}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('sessions.sessionTitle')} error={fieldError('title')}>
        {(p) => <input {...p} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      {kind === 'WEBINAR' ? (
        <Field label={t('sessions.module')}>
          {(p) => (
            <select {...p} required value={moduleCode} onChange={(e) => setModuleCode(e.target.value)}>
              <option value="">{t('sessions.chooseModule')}</option>
              {ref.modules.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.code} — {m.title}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <>
          <ModuleChecks legend={t('sessions.modules')} name="modules" chosen={modules} onChange={setModules} />
          <ModuleChecks
            legend={t('sessions.prerequisites')}
            name="prerequisites"
            chosen={prerequisites}
            onChange={setPrerequisites}
          />
        </>
      )}
      <Field label={t('sessions.language')}>
        {(p) => (
          <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TimeZoneField value={timeZone} onChange={setTimeZone} />
      <Field label={t('sessions.start')} hint={t('sessions.inZone', { zone: timeZone })} error={fieldError('startsAt')}>
        {(p) => (
          <input {...p} type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
        )}
      </Field>
      <Field label={t('sessions.end')} hint={t('sessions.inZone', { zone: timeZone })} error={fieldError('endsAt')}>
        {(p) => <input {...p} type="datetime-local" required value={end} onChange={(e) => setEnd(e.target.value)} />}
      </Field>
      {kind === 'WEBINAR' ? (
        <Field label={t('sessions.joinUrl')} hint={t('sessions.joinUrlHint')} error={fieldError('joinUrl')}>
          {(p) => <input {...p} type="url" required value={joinUrl} onChange={(e) => setJoinUrl(e.target.value)} />}
        </Field>
      ) : (
        <>
          <Field label={t('sessions.region')}>
            {(p) => (
              <select
                {...p}
                required
                value={region}
                onChange={(e) => {
                  setRegion(e.target.value as UnRegion | '');
                  setHostCentreId('');
                }}
              >
                <option value="">{t('sessions.chooseRegion')}</option>
                {REGIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`region.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('sessions.hostCentre')}
            hint={t('sessions.hostCentreHint')}
            error={fieldError('hostCentreId')}
          >
            {(p) => (
              <select {...p} value={hostCentreId} disabled={!region} onChange={(e) => setHostCentreId(e.target.value)}>
                <option value="">{t('sessions.noCentre')}</option>
                {centres.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.city}, {c.country.name})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('sessions.venue')} error={fieldError('venue')}>
            {(p) => <input {...p} required maxLength={300} value={venue} onChange={(e) => setVenue(e.target.value)} />}
          </Field>
        </>
      )}
      <Field label={t('sessions.capacity')} error={fieldError('capacity')}>
        {(p) => (
          <input {...p} type="number" min={1} required value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        )}
      </Field>
      {kind === 'WORKSHOP' && (
        <>
          <Field
            label={t('sessions.fundedSeats')}
            hint={t('sessions.fundedSeatsHint')}
            error={fieldError('fundedSeatsPerParty')}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                required
                value={fundedSeats}
                onChange={(e) => setFundedSeats(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('sessions.plannedCost')} error={fieldError('plannedCostUsd')}>
            {(p) => (
              <input
                {...p}
                inputMode="decimal"
                required
                pattern="[0-9]+([.,][0-9]{1,2})?"
                value={plannedCost}
                onChange={(e) => setPlannedCost(e.target.value)}
              />
            )}
          </Field>
        </>
      )}
      {(trainerData?.users.edges.length ?? 0) > 0 && (
        <fieldset className="fieldset">
          <legend>{t('sessions.trainers')}</legend>
          {trainerData?.users.edges.map(({ node }) => (
            <label key={node.id} className="choice">
              <input
                type="checkbox"
                checked={trainerIds.includes(node.id)}
                onChange={(e) =>
                  setTrainerIds(e.target.checked ? [...trainerIds, node.id] : trainerIds.filter((x) => x !== node.id))
                }
              />{' '}
              {node.fullName}
            </label>
          ))}
        </fieldset>
      )}
      {localProblem && (
        <p className="notice notice--error" role="alert">
          {localProblem}
        </p>
      )}
      <ErrorMessage error={state.error} />
      {created && (
        <Notice tone="success">
          {t('sessions.created')} <Link to={`/sessions/${created.id}`}>{created.title}</Link>
        </Notice>
      )}
      <button type="submit" className="button" disabled={state.fetching}>
        {kind === 'WEBINAR' ? t('sessions.scheduleWebinar') : t('sessions.scheduleWorkshop')}
      </button>
    </form>
  );
}

function SessionList() {
  const { t } = useTranslation('secretariat');
  const ref = useReference();
  const [kind, setKind] = useState<SessionKind | ''>('');
  const [status, setStatus] = useState<SessionStatus | ''>('SCHEDULED');
  const [region, setRegion] = useState<UnRegion | ''>('');
  const [moduleCode, setModuleCode] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const filters = {
    kind: kind || null,
    status: status || null,
    region: region || null,
    moduleCode: moduleCode || null,
  };
  const resetPages = () => setPages([null]);
  return (
    <>
      <h2>{t('sessions.listTitle')}</h2>
      <form className="filters" aria-label={t('sessions.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="ss-kind">{t('sessions.kind')}</label>
          <select
            id="ss-kind"
            value={kind}
            onChange={(e) => (setKind(e.target.value as SessionKind | ''), resetPages())}
          >
            <option value="">{t('sessions.any')}</option>
            <option value="WEBINAR">{t('sessions.kindName.WEBINAR')}</option>
            <option value="WORKSHOP">{t('sessions.kindName.WORKSHOP')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="ss-status">{t('sessions.status')}</label>
          <select
            id="ss-status"
            value={status}
            onChange={(e) => (setStatus(e.target.value as SessionStatus | ''), resetPages())}
          >
            <option value="">{t('sessions.any')}</option>
            {(['SCHEDULED', 'COMPLETED', 'CANCELLED'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`, { ns: 'common' })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ss-region">{t('sessions.region')}</label>
          <select
            id="ss-region"
            value={region}
            onChange={(e) => (setRegion(e.target.value as UnRegion | ''), resetPages())}
          >
            <option value="">{t('sessions.any')}</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {t(`region.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ss-module">{t('sessions.module')}</label>
          <select id="ss-module" value={moduleCode} onChange={(e) => (setModuleCode(e.target.value), resetPages())}>
            <option value="">{t('sessions.any')}</option>
            {ref.modules.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} — {m.title}
              </option>
            ))}
          </select>
        </div>
      </form>
      {cancelled && <Notice tone="success">{t('sessions.cancelled', { title: cancelled })}</Notice>}
      <ul className="sec-sessions">
        {pages.map((after, i) => (
          <SessionPage
            key={`${after ?? ''}-${i}`}
            after={after}
            filters={filters}
            last={i === pages.length - 1}
            onMore={(cursor) => setPages([...pages, cursor])}
            onCancelled={setCancelled}
          />
        ))}
      </ul>
    </>
  );
}

function SessionPage({
  after,
  filters,
  last,
  onMore,
  onCancelled,
}: {
  after: string | null;
  filters: {
    kind: SessionKind | null;
    status: SessionStatus | null;
    region: UnRegion | null;
    moduleCode: string | null;
  };
  last: boolean;
  onMore: (cursor: string) => void;
  onCancelled: (title: string) => void;
}) {
  const { t } = useTranslation('secretariat');
  const [{ data, fetching, error }] = useQuery({ query: SessionsDocument, variables: { ...filters, after } });
  const conn = data?.sessions;
  return (
    <>
      {error && (
        <li>
          <ErrorMessage error={error} />
        </li>
      )}
      {fetching && !data && (
        <li>
          <Loading />
        </li>
      )}
      {!after && conn && <li className="result-count">{t('sessions.count', { count: conn.totalCount })}</li>}
      {conn?.edges.map(({ node }) => (
        <li key={node.id} className="sec-card">
          <SessionItem session={node} onCancelled={onCancelled} />
        </li>
      ))}
      {last && conn?.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
        <li>
          <button type="button" className="button button--secondary" onClick={() => onMore(conn.pageInfo.endCursor!)}>
            {t('sessions.showMore')}
          </button>
        </li>
      )}
    </>
  );
}

interface ListedSession {
  id: string;
  kind: SessionKind;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  status: SessionStatus;
  capacity: number;
  seatsTaken: number;
  cancelReason?: string | null;
  region?: UnRegion;
  venue?: string;
}

function SessionItem({ session: s, onCancelled }: { session: ListedSession; onCancelled: (title: string) => void }) {
  const { t } = useTranslation('secretariat');
  const open = s.status === 'SCHEDULED';
  return (
    <article aria-labelledby={`sess-${s.id}`}>
      <h3 id={`sess-${s.id}`}>
        <Link to={`/sessions/${s.id}`}>{s.title}</Link>
      </h3>
      <p>
        {t(`sessions.kindName.${s.kind}`)} · <StatusBadge status={s.status} />
        {s.region && <> · {t(`region.${s.region}`)}</>}
      </p>
      <SessionTimes startsAt={s.startsAt} endsAt={s.endsAt} timeZone={s.timeZone} />
      <p>{t('sessions.seats', { taken: s.seatsTaken, capacity: s.capacity })}</p>
      {s.cancelReason && <p>{t('sessions.cancelledBecause', { reason: s.cancelReason })}</p>}
      {open && (
        <div className="sec-actions">
          <RescheduleForm session={s} />
          <CapacityForm session={s} />
          <CancelForm session={s} onCancelled={onCancelled} />
        </div>
      )}
    </article>
  );
}

function RescheduleForm({ session: s }: { session: ListedSession }) {
  const { t } = useTranslation('secretariat');
  const [start, setStart] = useState(utcToZoned(s.startsAt, s.timeZone));
  const [end, setEnd] = useState(utcToZoned(s.endsAt, s.timeZone));
  const [done, setDone] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const [{ fetching, error }, reschedule] = useMutation(RescheduleDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    setLocal(null);
    const startsAt = zonedToUtc(start, s.timeZone);
    const endsAt = zonedToUtc(end, s.timeZone);
    if (!startsAt || !endsAt) return setLocal(t('sessions.timesMissing'));
    if (endsAt <= startsAt) return setLocal(t('sessions.endBeforeStart'));
    const res = await reschedule({ id: s.id, startsAt, endsAt });
    if (res.data) setDone(true);
  };
  return (
    <details>
      <summary>{t('sessions.reschedule')}</summary>
      <form className="form" onSubmit={submit}>
        <Field label={t('sessions.start')} hint={t('sessions.inZone', { zone: s.timeZone })}>
          {(p) => (
            <input {...p} type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
          )}
        </Field>
        <Field label={t('sessions.end')} hint={t('sessions.inZone', { zone: s.timeZone })}>
          {(p) => <input {...p} type="datetime-local" required value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        {local && (
          <p className="notice notice--error" role="alert">
            {local}
          </p>
        )}
        <ErrorMessage error={error} />
        {done && <Notice tone="success">{t('sessions.rescheduled')}</Notice>}
        <button type="submit" className="button" disabled={fetching}>
          {t('sessions.saveTimes')}
        </button>
      </form>
    </details>
  );
}

function CapacityForm({ session: s }: { session: ListedSession }) {
  const { t } = useTranslation('secretariat');
  const [capacity, setCapacity] = useState(String(s.capacity));
  const [done, setDone] = useState(false);
  const [{ fetching, error }, save] = useMutation(CapacityDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const res = await save({ id: s.id, capacity: Number(capacity) });
    if (res.data) setDone(true);
  };
  return (
    <details>
      <summary>{t('sessions.changeCapacity')}</summary>
      <form className="form" onSubmit={submit}>
        <Field label={t('sessions.capacity')} hint={t('sessions.seatsTaken', { count: s.seatsTaken })}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              required
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
            />
          )}
        </Field>
        <ErrorMessage error={error} />
        {done && <Notice tone="success">{t('sessions.capacitySaved')}</Notice>}
        <button type="submit" className="button" disabled={fetching}>
          {t('sessions.saveCapacity')}
        </button>
      </form>
    </details>
  );
}

function CancelForm({ session: s, onCancelled }: { session: ListedSession; onCancelled: (title: string) => void }) {
  const { t } = useTranslation('secretariat');
  const [reason, setReason] = useState('');
  const [{ fetching, error }, cancel] = useMutation(CancelDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    const res = await cancel({ id: s.id, reason: reason.trim() });
    if (res.data) onCancelled(s.title);
  };
  return (
    <details>
      <summary>{t('sessions.cancel')}</summary>
      <form className="form" onSubmit={submit}>
        <Field label={t('sessions.cancelReason')} hint={t('sessions.cancelReasonHint')}>
          {(p) => <textarea {...p} required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" className="button button--danger" disabled={fetching || !reason.trim()}>
          {t('sessions.confirmCancel')}
        </button>
      </form>
    </details>
  );
}
