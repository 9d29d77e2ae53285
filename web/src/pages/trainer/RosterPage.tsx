import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { tokenStore } from '../../app/client';
import { graphql } from '../../gql';
import type { RosterPageQuery } from '../../gql/graphql';
import { SessionTimes } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle, StatusBadge } from '../../ui/ui';
import { isUnderWay, SessionStatusBadge } from './shared';

const RosterSessionDocument = graphql(`
  query RosterSession($id: ID!) {
    session(id: $id) {
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
`);

const RosterPageDocument = graphql(`
  query RosterPage($sessionId: ID!, $first: Int!, $after: String) {
    sessionEnrolments(sessionId: $sessionId, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          status
          delegate {
            id
            fullName
            email
          }
          party {
            code
            name
          }
        }
      }
    }
  }
`);

const RecordAttendanceDocument = graphql(`
  mutation RecordAttendance($sessionId: ID!, $delegateIds: [ID!]!, $attended: Boolean!) {
    recordAttendance(sessionId: $sessionId, delegateIds: $delegateIds, attended: $attended) {
      id
      status
    }
  }
`);

const CompleteSessionDocument = graphql(`
  mutation CompleteSession($id: ID!) {
    completeSession(id: $id) {
      id
      status
    }
  }
`);

type Enrolment = RosterPageQuery['sessionEnrolments']['edges'][number]['node'];
/** The statuses whose attendance may be recorded (the API's recordAttendance takes these). */
const MARKABLE = ['CONFIRMED', 'ATTENDED', 'NO_SHOW'];
/** The API's limit of delegates in one recordAttendance call. */
const ATTENDANCE_BATCH = 100;

/** Every enrolment of the session, page after page (a roster is read whole), fresh from the API. */
function useRoster(sessionId: string) {
  const client = useClient();
  const [state, setState] = useState<{ rows: Enrolment[] | null; error: unknown }>({ rows: null, error: null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void (async () => {
      const rows: Enrolment[] = [];
      let after: string | null = null;
      for (;;) {
        const r: { data?: RosterPageQuery; error?: unknown } = await client
          .query(RosterPageDocument, { sessionId, first: 100, after }, { requestPolicy: 'network-only' })
          .toPromise();
        if (r.error) {
          if (live) setState({ rows: null, error: r.error });
          return;
        }
        const page: RosterPageQuery['sessionEnrolments'] = r.data!.sessionEnrolments;
        rows.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      rows.sort((a, b) => a.delegate.fullName.localeCompare(b.delegate.fullName));
      if (live) setState({ rows, error: null });
    })();
    return () => {
      live = false;
    };
  }, [client, sessionId, generation]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, refresh };
}

// ---- the attendance report import (POST /attendance-reports/preview and /apply) ----

interface ReportRow {
  enrolmentId: string;
  delegateId: string;
  fullName: string;
  email: string | null;
  minutes: number;
  matchedBy: 'EMAIL' | 'NAME';
  currentStatus: string;
  newStatus: string;
}
interface ReportAnswer {
  format: 'ZOOM' | 'TEAMS' | 'WEBEX';
  fileName: string;
  sha256: string;
  scheduledMinutes: number;
  thresholdMinutes: number;
  attended: ReportRow[];
  belowThreshold: ReportRow[];
  unmatched: { name: string; email: string | null; minutes: number; lines: number[] }[];
  absent: { enrolmentId: string; delegateId: string; fullName: string; email: string | null }[];
  applied: boolean;
  changed: number;
}
type Refusal = { code: string; message: string } | { network: true };

async function sendReport(step: 'preview' | 'apply', sessionId: string, file: File): Promise<ReportAnswer> {
  const query = new URLSearchParams({ sessionId, fileName: file.name });
  const token = tokenStore.get();
  let res: Response;
  try {
    res = await fetch(`/attendance-reports/${step}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: file,
    });
  } catch {
    throw { network: true } satisfies Refusal;
  }
  const body = await res.json().catch(() => null);
  if (!res.ok || !body) {
    throw (body?.error ?? { code: 'INTERNAL_SERVER_ERROR', message: '' }) satisfies Refusal;
  }
  return body as ReportAnswer;
}

function RefusalMessage({ refusal }: { refusal: Refusal | null }) {
  const { t } = useTranslation(['trainer', 'errors', 'common']);
  if (!refusal) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <strong>{t('common:problem')}</strong>{' '}
        {'network' in refusal
          ? t('errors:NETWORK')
          : t(`errors:code.${refusal.code}`, { defaultValue: t('errors:code.INTERNAL_SERVER_ERROR') })}
      </p>
      {!('network' in refusal) && refusal.message && (
        <p>
          {t('import.serverSays')} <q className="trainer-wrap">{refusal.message}</q>
        </p>
      )}
    </div>
  );
}

function ReportTable({ caption, rows, showChange }: { caption: string; rows: ReportRow[]; showChange?: boolean }) {
  const { t } = useTranslation(['trainer', 'common']);
  if (!rows.length) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.delegate')}</th>
            <th scope="col">{t('import.minutes')}</th>
            <th scope="col">{t('import.matchedBy')}</th>
            {showChange && <th scope="col">{t('import.change')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.enrolmentId} data-enrolment={r.enrolmentId} data-new-status={r.newStatus}>
              <th scope="row" className="trainer-wrap">
                {r.fullName}
                {r.email && (
                  <>
                    <br />
                    <span className="mono">{r.email}</span>
                  </>
                )}
              </th>
              <td>{r.minutes}</td>
              <td>{t(`import.by.${r.matchedBy}`)}</td>
              {showChange && (
                <td>
                  {r.currentStatus === r.newStatus
                    ? t('import.unchanged', { status: t(`common:status.${r.currentStatus}`) })
                    : t('import.becomes', {
                        from: t(`common:status.${r.currentStatus}`),
                        to: t(`common:status.${r.newStatus}`),
                      })}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReportPreview({ report }: { report: ReportAnswer }) {
  const { t } = useTranslation('trainer');
  return (
    <div className="trainer-preview" data-testid="report-preview">
      <p>
        {t('import.summary', {
          format: t(`import.format.${report.format}`),
          file: report.fileName,
          scheduled: report.scheduledMinutes,
          threshold: report.thresholdMinutes,
        })}
      </p>
      <ReportTable
        caption={t('import.attended', { count: report.attended.length })}
        rows={report.attended}
        showChange
      />
      <ReportTable
        caption={t('import.below', { count: report.belowThreshold.length })}
        rows={report.belowThreshold}
        showChange
      />
      {report.unmatched.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('import.unmatched', { count: report.unmatched.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.reportName')}</th>
                <th scope="col">{t('import.minutes')}</th>
                <th scope="col">{t('import.lines')}</th>
              </tr>
            </thead>
            <tbody>
              {report.unmatched.map((u, i) => (
                <tr key={i}>
                  <th scope="row" className="trainer-wrap">
                    {u.name}
                    {u.email && (
                      <>
                        <br />
                        <span className="mono">{u.email}</span>
                      </>
                    )}
                  </th>
                  <td>{u.minutes}</td>
                  <td>{u.lines.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report.absent.length > 0 && (
        <>
          <h4>{t('import.absent', { count: report.absent.length })}</h4>
          <p>{t('import.absentBecome', { status: t('common:status.NO_SHOW') })}</p>
          <ul>
            {report.absent.map((a) => (
              <li key={a.enrolmentId} data-enrolment={a.enrolmentId} data-new-status="NO_SHOW">
                {a.fullName}
                {a.email && (
                  <>
                    {' '}
                    <span className="mono">{a.email}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.attended.length + report.belowThreshold.length === 0 && <p>{t('import.nothingMatched')}</p>}
    </div>
  );
}

function ReportImport({ sessionId, onApplied }: { sessionId: string; onApplied: () => void }) {
  const { t } = useTranslation('trainer');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ReportAnswer | null>(null);
  const [applied, setApplied] = useState<ReportAnswer | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const headingId = useId();
  const result = useRef<HTMLDivElement>(null);

  const run = async (step: 'preview' | 'apply') => {
    if (!file) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setRefusal(null);
    try {
      const answer = await sendReport(step, sessionId, file);
      if (step === 'preview') {
        setPreview(answer);
        setApplied(null);
      } else {
        setApplied(answer);
        setPreview(answer);
        onApplied();
      }
    } catch (e) {
      setRefusal(e as Refusal);
    } finally {
      setBusy(false);
      setTimeout(() => result.current?.focus(), 0);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run('preview');
  };
  return (
    <section className="trainer-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
      <form noValidate onSubmit={onSubmit}>
        <Field
          label={t('import.file')}
          hint={t('import.fileHint')}
          error={missing ? t('import.chooseFile') : undefined}
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setMissing(false);
                setPreview(null);
                setApplied(null);
                setRefusal(null);
              }}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('import.preview')}
          </button>
          {preview && !applied && (
            <button type="button" className="button" disabled={busy} onClick={() => void run('apply')}>
              {t('import.apply')}
            </button>
          )}
          {busy && <Loading />}
        </div>
      </form>
      <div ref={result} tabIndex={-1}>
        <RefusalMessage refusal={refusal} />
        {applied && <Notice tone="success">{t('import.applied', { count: applied.changed })}</Notice>}
        {preview && <ReportPreview report={preview} />}
      </div>
    </section>
  );
}

// ---- the roster ----

interface Saved {
  present: string[];
  absent: string[];
}

export default function RosterPage() {
  const { t } = useTranslation(['trainer', 'common']);
  const { id = '' } = useParams();
  const [{ data, fetching, error }, refetchSession] = useQuery({
    query: RosterSessionDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const roster = useRoster(id);
  const [present, setPresent] = useState<ReadonlySet<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Parameters<typeof ErrorMessage>[0]['error']>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [completion, complete] = useMutation(CompleteSessionDocument);
  const [, record] = useMutation(RecordAttendanceDocument);
  const savedRef = useRef<HTMLDivElement>(null);
  const rosterId = useId();
  const completeId = useId();

  // The checkboxes start as the API has them, again after every refresh.
  useEffect(() => {
    if (roster.rows) setPresent(new Set(roster.rows.filter((r) => r.status === 'ATTENDED').map((r) => r.delegate.id)));
  }, [roster.rows]);

  const session = data?.session;
  if (fetching && !data) return <Loading />;
  if (error || !session) {
    return (
      <section>
        <PageTitle>{t('roster.title')}</PageTitle>
        {error ? <ErrorMessage error={error} /> : <p>{t('roster.noSession')}</p>}
        <p>
          <Link to="/trainer">{t('roster.back')}</Link>
        </p>
      </section>
    );
  }
  const underWay = isUnderWay(session);
  const rows = roster.rows ?? [];
  const markable = rows.filter((r) => MARKABLE.includes(r.status));
  const toPresent = markable.filter((r) => present.has(r.delegate.id) && r.status !== 'ATTENDED');
  const toAbsent = markable.filter((r) => !present.has(r.delegate.id) && r.status === 'ATTENDED');
  const unmarked = rows.filter((r) => r.status === 'CONFIRMED' && !present.has(r.delegate.id));
  const nameOf = new Map(rows.map((r) => [r.delegate.id, r.delegate.fullName]));

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    setSaved(null);
    const done: Saved = { present: [], absent: [] };
    for (const [list, attended] of [
      [toPresent, true],
      [toAbsent, false],
    ] as const) {
      for (let i = 0; i < list.length; i += ATTENDANCE_BATCH) {
        const ids = list.slice(i, i + ATTENDANCE_BATCH).map((r) => r.delegate.id);
        const r = await record({ sessionId: session.id, delegateIds: ids, attended });
        if (r.error) {
          setSaveError(r.error);
          setSaving(false);
          roster.refresh();
          return;
        }
        (attended ? done.present : done.absent).push(...ids);
      }
    }
    setSaving(false);
    setSaved(done);
    roster.refresh();
    refetchSession({ requestPolicy: 'network-only' });
    setTimeout(() => savedRef.current?.focus(), 0);
  };

  const onComplete = async () => {
    const r = await complete({ id: session.id });
    if (!r.error) {
      setConfirming(false);
      roster.refresh();
    }
  };

  return (
    <section>
      <PageTitle>{t('roster.pageTitle', { title: session.title })}</PageTitle>
      <p>
        <Link to="/trainer">{t('roster.back')}</Link>
      </p>
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

      <section className="trainer-section" aria-labelledby={rosterId}>
        <h2 id={rosterId}>{t('roster.heading')}</h2>
        {session.status === 'SCHEDULED' && !underWay && <Notice>{t('roster.notStarted')}</Notice>}
        {session.status === 'COMPLETED' && <Notice>{t('roster.completed')}</Notice>}
        {session.status === 'CANCELLED' && <Notice tone="warning">{t('roster.cancelled')}</Notice>}
        {roster.error ? (
          <ErrorMessage error={roster.error as Parameters<typeof ErrorMessage>[0]['error']} />
        ) : !roster.rows ? (
          <Loading />
        ) : rows.length === 0 ? (
          <p>{t('roster.empty')}</p>
        ) : (
          <>
            <p className="result-count">{t('roster.count', { count: rows.length })}</p>
            <div className="table-wrap">
              <table className="roster">
                <caption className="visually-hidden">{t('roster.caption', { title: session.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('roster.present')}</th>
                    <th scope="col">{t('roster.delegate')}</th>
                    <th scope="col">{t('roster.party')}</th>
                    <th scope="col">{t('roster.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const canMark = underWay && MARKABLE.includes(r.status);
                    return (
                      <tr key={r.id} data-enrolment={r.id} data-delegate={r.delegate.id} data-status={r.status}>
                        <td>
                          {MARKABLE.includes(r.status) || r.status === 'COMPLETED' ? (
                            <input
                              type="checkbox"
                              id={`present-${r.id}`}
                              aria-label={t('roster.presentLabel', { name: r.delegate.fullName })}
                              checked={r.status === 'COMPLETED' || present.has(r.delegate.id)}
                              disabled={!canMark || saving}
                              onChange={(e) => {
                                const next = new Set(present);
                                if (e.target.checked) next.add(r.delegate.id);
                                else next.delete(r.delegate.id);
                                setPresent(next);
                                setSaved(null);
                              }}
                            />
                          ) : null}
                        </td>
                        <th scope="row" className="trainer-wrap">
                          {r.delegate.fullName}
                          {r.delegate.email && (
                            <>
                              <br />
                              <span className="mono">{r.delegate.email}</span>
                            </>
                          )}
                        </th>
                        <td>{r.party.name}</td>
                        <td>
                          <StatusBadge status={r.status} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {underWay && (
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={saving || toPresent.length + toAbsent.length === 0}
                  onClick={() => void save()}
                >
                  {t('roster.save', { count: toPresent.length + toAbsent.length })}
                </button>
                {saving && <Loading />}
              </div>
            )}
            <div ref={savedRef} tabIndex={-1}>
              <ErrorMessage error={saveError} />
              {saved && (
                <div className="notice notice--success" role="status">
                  <p>{t('roster.saved')}</p>
                  <ul className="trainer-changes">
                    {saved.present.map((d) => (
                      <li key={`p-${d}`}>{t('roster.markedPresent', { name: nameOf.get(d) ?? d })}</li>
                    ))}
                    {saved.absent.map((d) => (
                      <li key={`a-${d}`}>{t('roster.markedAbsent', { name: nameOf.get(d) ?? d })}</li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          </>
        )}
      </section>

      {underWay && <ReportImport sessionId={session.id} onApplied={roster.refresh} />}

      {underWay && (
        <section className="trainer-section" aria-labelledby={completeId}>
          <h2 id={completeId}>{t('complete.heading')}</h2>
          {!confirming ? (
            <>
              <p>{t('complete.intro')}</p>
              <div className="actions">
                <button type="button" className="button" onClick={() => setConfirming(true)}>
                  {t('complete.start')}
                </button>
              </div>
            </>
          ) : (
            <div className="trainer-confirm" role="group" aria-labelledby={`${completeId}-q`}>
              <p id={`${completeId}-q`}>
                <strong>{t('complete.question', { title: session.title })}</strong>
              </p>
              <p>{t('complete.unmarked', { count: unmarked.length, status: t('common:status.NO_SHOW') })}</p>
              {toPresent.length + toAbsent.length > 0 && (
                <Notice tone="warning">{t('complete.unsaved', { count: toPresent.length + toAbsent.length })}</Notice>
              )}
              <ErrorMessage error={completion.error} />
              <div className="actions">
                <button
                  type="button"
                  className="button button--danger"
                  disabled={completion.fetching}
                  onClick={() => void onComplete()}
                >
                  {t('complete.confirm')}
                </button>
                <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                  {t('common:cancel')}
                </button>
                {completion.fetching && <Loading />}
              </div>
            </div>
          )}
        </section>
      )}
      {completion.data?.completeSession && <Notice tone="success">{t('complete.done')}</Notice>}
    </section>
  );
}
