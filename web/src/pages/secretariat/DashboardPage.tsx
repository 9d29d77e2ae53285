import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { tokenStore } from '../../app/client';
import { graphql } from '../../gql';
import type { SecretariatDashboardQuery, StatsDimension, UnRegion } from '../../gql/graphql';
import { ErrorMessage, Loading, PageTitle } from '../../ui/ui';
import BarChart from './Chart';
import { REGIONS, SecretariatNav, useReference } from './shared';
import './secretariat.css';

const DashboardDocument = graphql(`
  query SecretariatDashboard(
    $groupBy: [StatsDimension!]!
    $region: UnRegion
    $moduleCode: String
    $partyCode: String
    $from: DateTime
    $to: DateTime
  ) {
    completionStats(
      groupBy: $groupBy
      region: $region
      moduleCode: $moduleCode
      partyCode: $partyCode
      from: $from
      to: $to
    ) {
      key {
        moduleCode
        gender
        partyCode
        region
      }
      enrolled
      confirmed
      attended
      completed
      certified
    }
    capacityOutcomes(
      groupBy: $groupBy
      region: $region
      moduleCode: $moduleCode
      partyCode: $partyCode
      from: $from
      to: $to
    ) {
      key {
        moduleCode
        gender
        partyCode
        region
      }
      capacityIndex
      normalizedGain
      certificationRate
      applicationRate
    }
  }
`);

const GROUPINGS: ('' | StatsDimension)[] = ['', 'REGION', 'MODULE', 'PARTY', 'GENDER'];
const isGrouping = (g: string | null): g is StatsDimension => !!g && (GROUPINGS as string[]).includes(g);
const isRegion = (r: string | null): r is UnRegion => !!r && (REGIONS as string[]).includes(r);
const GENDERS = ['female', 'male', 'other', 'undeclared'];
const STAGES = ['enrolled', 'confirmed', 'attended', 'completed', 'certified'] as const;
const PARTS = ['capacityIndex', 'normalizedGain', 'certificationRate', 'applicationRate'] as const;

type Key = SecretariatDashboardQuery['completionStats'][number]['key'];

/** A date field (yyyy-mm-dd) as the first instant of that day in UTC; the export gets the very same bounds. */
const dayStart = (day: string) => (day ? `${day}T00:00:00.000Z` : undefined);
const dayAfter = (day: string) => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
};

/**
 * The programme's dashboard: the funnel from enrolment to certificate and the capacity index with its parts, for the
 * whole programme or by region, module, Party or gender, filtered (the choice is kept in the address). Charts show the
 * figures; the tables under them carry the same figures, exactly as completionStats and capacityOutcomes give them.
 */
export default function DashboardPage() {
  const { t, i18n } = useTranslation('secretariat');
  const [params, setParams] = useSearchParams();
  const ref = useReference();
  const funnelId = useId();
  const capacityId = useId();
  const rawGroup = params.get('groupBy');
  const group = isGrouping(rawGroup) ? rawGroup : null;
  const rawRegion = params.get('region');
  const region = isRegion(rawRegion) ? rawRegion : null;
  const moduleCode = params.get('module') || null;
  const partyCode = params.get('party') || null;
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const rangeWrong = !!fromDay && !!toDay && toDay < fromDay;
  const variables = {
    groupBy: group ? [group] : [],
    region,
    moduleCode,
    partyCode,
    from: dayStart(fromDay),
    to: dayAfter(toDay),
  };
  const [{ data, fetching, error }] = useQuery({ query: DashboardDocument, variables, pause: rangeWrong });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name === 'region') next.delete('party');
    setParams(next, { replace: true });
  };

  const number = new Intl.NumberFormat(i18n.language);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const rate = (v: number | null | undefined) => (v == null ? t('dashboard.noData') : percent.format(v));

  const keyName = (key: Key, last: boolean) => {
    if (last) return t('dashboard.total');
    if (key.region) return t(`region.${key.region}`);
    if (key.moduleCode) return ref.moduleName(key.moduleCode);
    if (key.partyCode) return ref.partyName(key.partyCode);
    if (key.gender) return GENDERS.includes(key.gender) ? t(`gender.${key.gender}`) : key.gender;
    return t('dashboard.total');
  };

  const funnel = data?.completionStats ?? [];
  const capacity = data?.capacityOutcomes ?? [];
  const funnelLabels = funnel.map((r, i) => keyName(r.key, i === funnel.length - 1));
  const capacityLabels = capacity.map((r, i) => keyName(r.key, i === capacity.length - 1));
  // With a grouping, the charts compare the groups (the totals row stays in the tables).
  const chartRows = <T,>(rows: T[]) => (group && rows.length > 1 ? rows.slice(0, -1) : rows);

  const parties = region ? ref.parties.filter((p) => p.region === region) : ref.parties;
  const filterDescription = [
    group ? t(`dashboard.grouping.${group}`) : t('dashboard.grouping.NONE'),
    region ? t(`region.${region}`) : null,
    moduleCode ? ref.moduleName(moduleCode) : null,
    partyCode ? ref.partyName(partyCode) : null,
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <section className="sec-page">
      <SecretariatNav />
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <p className="lead">{t('dashboard.intro')}</p>
      <form className="filters" aria-label={t('dashboard.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="sd-group">{t('dashboard.groupBy')}</label>
          <select id="sd-group" value={group ?? ''} onChange={(e) => set('groupBy', e.target.value)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`dashboard.grouping.${g || 'NONE'}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sd-region">{t('dashboard.region')}</label>
          <select id="sd-region" value={region ?? ''} onChange={(e) => set('region', e.target.value)}>
            <option value="">{t('dashboard.all')}</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {t(`region.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sd-module">{t('dashboard.module')}</label>
          <select id="sd-module" value={moduleCode ?? ''} onChange={(e) => set('module', e.target.value)}>
            <option value="">{t('dashboard.all')}</option>
            {ref.modules.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} — {m.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sd-party">{t('dashboard.party')}</label>
          <select id="sd-party" value={partyCode ?? ''} onChange={(e) => set('party', e.target.value)}>
            <option value="">{t('dashboard.all')}</option>
            {parties.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sd-from">{t('dashboard.from')}</label>
          <input id="sd-from" type="date" value={fromDay} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className={`field${rangeWrong ? ' field--error' : ''}`}>
          <label htmlFor="sd-to">{t('dashboard.to')}</label>
          {rangeWrong && (
            <p className="field__error" id="sd-to-error">
              {t('dashboard.rangeWrong')}
            </p>
          )}
          <input
            id="sd-to"
            type="date"
            value={toDay}
            min={fromDay || undefined}
            aria-invalid={rangeWrong || undefined}
            aria-describedby={rangeWrong ? 'sd-to-error' : undefined}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
      </form>
      <p className="hint">{t('dashboard.datesNote')}</p>
      <Exports params={variables} />
      <ErrorMessage error={error} />
      {fetching && !data && <Loading />}
      {data && !rangeWrong && (
        <>
          <h2 id={funnelId}>{t('dashboard.funnelTitle')}</h2>
          <BarChart
            label={t('dashboard.funnelChart', { filters: filterDescription })}
            labels={chartRows(funnelLabels)}
            series={STAGES.map((s) => ({
              label: t(`dashboard.${s}`),
              data: chartRows(funnel).map((r) => r[s]),
            }))}
          />
          <div className="table-wrap" role="region" aria-labelledby={funnelId} tabIndex={0}>
            <table data-testid="funnel">
              <caption className="visually-hidden">
                {t('dashboard.funnelCaption', { filters: filterDescription })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{group ? t(`dashboard.grouping.${group}`) : t('dashboard.group')}</th>
                  {STAGES.map((s) => (
                    <th scope="col" key={s}>
                      {t(`dashboard.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {funnel.map((r, i) => (
                  <tr key={i} className={i === funnel.length - 1 ? 'sec-total' : undefined}>
                    <th scope="row">{funnelLabels[i]}</th>
                    {STAGES.map((s) => (
                      <td key={s}>{number.format(r[s])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2 id={capacityId}>{t('dashboard.capacityTitle')}</h2>
          <p>{t('dashboard.capacityIntro')}</p>
          <BarChart
            label={t('dashboard.capacityChart', { filters: filterDescription })}
            labels={chartRows(capacityLabels)}
            max={100}
            series={PARTS.map((p) => ({
              label: t(`dashboard.${p}`),
              data: chartRows(capacity).map((r) =>
                r[p] == null ? null : p === 'capacityIndex' ? r[p] : Math.round(r[p] * 1000) / 10,
              ),
            }))}
          />
          <div className="table-wrap" role="region" aria-labelledby={capacityId} tabIndex={0}>
            <table data-testid="capacity">
              <caption className="visually-hidden">
                {t('dashboard.capacityCaption', { filters: filterDescription })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{group ? t(`dashboard.grouping.${group}`) : t('dashboard.group')}</th>
                  {PARTS.map((p) => (
                    <th scope="col" key={p}>
                      {t(`dashboard.${p}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {capacity.map((r, i) => (
                  <tr key={i} className={i === capacity.length - 1 ? 'sec-total' : undefined}>
                    <th scope="row">{capacityLabels[i]}</th>
                    <td>{r.capacityIndex == null ? t('dashboard.noData') : decimal.format(r.capacityIndex)}</td>
                    <td>{rate(r.normalizedGain)}</td>
                    <td>{rate(r.certificationRate)}</td>
                    <td>{rate(r.applicationRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t('dashboard.definitionsTitle')}</h2>
          <dl className="sec-defs">
            {[...STAGES, ...PARTS].map((k) => (
              <div key={k}>
                <dt>{t(`dashboard.${k}`)}</dt>
                <dd>{t(`dashboard.define.${k}`)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

interface ReportParams {
  groupBy: StatsDimension[];
  region: UnRegion | null;
  moduleCode: string | null;
  partyCode: string | null;
  from?: string;
  to?: string;
}

/** The address of a report with the dashboard's own grouping and filters. */
function reportUrl(report: 'completion-stats' | 'capacity-outcomes', format: 'csv' | 'xlsx', p: ReportParams): string {
  const q = new URLSearchParams();
  q.set('groupBy', p.groupBy.join(','));
  if (p.region) q.set('region', p.region);
  if (p.partyCode) q.set('partyCode', p.partyCode);
  if (p.moduleCode) q.set('moduleCode', p.moduleCode);
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  return `/reports/${report}.${format}?${q.toString()}`;
}

/** The file name the server gives (Content-Disposition), else the report's own. */
function fileNameOf(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

/** CSV and Excel of what is on screen: fetched with the bearer token, then saved as a download. */
function Exports({ params }: { params: ReportParams }) {
  const { t } = useTranslation('secretariat');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async (report: 'completion-stats' | 'capacity-outcomes', format: 'csv' | 'xlsx') => {
    setProblem(null);
    setBusy(true);
    try {
      const token = tokenStore.get();
      const res = await fetch(reportUrl(report, format, params), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
        setProblem(body?.error?.code ?? 'INTERNAL_SERVER_ERROR');
        return;
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(res, `${report}.${format}`);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setProblem('NETWORK');
    } finally {
      setBusy(false);
    }
  };
  const reports = ['completion-stats', 'capacity-outcomes'] as const;
  return (
    <div className="sec-exports">
      <h2>{t('dashboard.exportTitle')}</h2>
      <p className="hint">{t('dashboard.exportIntro')}</p>
      <ul className="actions">
        {reports.map((r) =>
          (['csv', 'xlsx'] as const).map((f) => (
            <li key={`${r}.${f}`}>
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => download(r, f)}>
                {t(`dashboard.export.${r}.${f}`)}
              </button>
            </li>
          )),
        )}
      </ul>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem === 'NETWORK' ? t('errors:NETWORK') : t(`errors:code.${problem}`)}
        </p>
      )}
    </div>
  );
}
