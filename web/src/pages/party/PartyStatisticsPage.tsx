import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import type { PartyCompletionStatsQuery, StatsDimension } from '../../gql/graphql';
import { DateText } from '../../ui/time';
import { ErrorMessage, Loading, PageTitle } from '../../ui/ui';
import { dayAfter, dayStart } from '../../ui/days';
import { useModuleNames } from './partyShared';

const PartyStatsDocument = graphql(`
  query PartyCompletionStats($groupBy: [StatsDimension!]!, $partyCode: String, $from: DateTime, $to: DateTime) {
    completionStats(groupBy: $groupBy, partyCode: $partyCode, from: $from, to: $to) {
      key {
        moduleCode
        sessionId
        gender
        partyCode
        region
      }
      enrolled
      confirmed
      waitlisted
      attended
      completed
      certified
      completionRate
      womenShare
    }
  }
`);

const StatsSessionDocument = graphql(`
  query PartyStatsSession($id: ID!) {
    session(id: $id) {
      id
      title
      startsAt
    }
  }
`);

/** The groupings a focal point chooses from ('' = none: the totals row alone). */
const GROUPINGS: ('' | StatsDimension)[] = ['', 'MODULE', 'SESSION', 'GENDER'];
const isGrouping = (g: string | null): g is StatsDimension => !!g && (GROUPINGS as string[]).includes(g);
const GENDERS = ['female', 'male', 'other', 'undeclared'];

type Row = PartyCompletionStatsQuery['completionStats'][number];

const isTotal = (row: Row) =>
  !row.key.moduleCode && !row.key.sessionId && !row.key.gender && !row.key.partyCode && !row.key.region;

/** A session's title and start, for the row grouped by it. */
function SessionName({ id }: { id: string }) {
  const { t } = useTranslation('party');
  const [{ data, error }] = useQuery({ query: StatsSessionDocument, variables: { id } });
  if (!data) return <>{error ? t('stats.unknownSession') : t('stats.sessionLoading')}</>;
  if (!data.session) return <>{t('stats.unknownSession')}</>;
  return (
    <>
      <Link to={`/sessions/${data.session.id}`}>{data.session.title}</Link>
      <br />
      <DateText iso={data.session.startsAt} />
    </>
  );
}

function GroupName({ row }: { row: Row }) {
  const { t } = useTranslation('party');
  const moduleName = useModuleNames();
  if (isTotal(row)) return <strong>{t('stats.total')}</strong>;
  const parts = [];
  if (row.key.moduleCode) parts.push(<span key="m">{moduleName(row.key.moduleCode)}</span>);
  if (row.key.sessionId) parts.push(<SessionName key="s" id={row.key.sessionId} />);
  if (row.key.gender)
    parts.push(
      <span key="g">{GENDERS.includes(row.key.gender) ? t(`stats.gender.${row.key.gender}`) : row.key.gender}</span>,
    );
  return <>{parts}</>;
}

function Figures({ row }: { row: Row }) {
  const { t, i18n } = useTranslation('party');
  const number = new Intl.NumberFormat(i18n.language);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <>
      <td>{number.format(row.enrolled)}</td>
      <td>{number.format(row.confirmed)}</td>
      <td>{number.format(row.waitlisted)}</td>
      <td>{number.format(row.attended)}</td>
      <td>{number.format(row.completed)}</td>
      <td>{number.format(row.certified)}</td>
      <td>{percent.format(row.completionRate)}</td>
      <td>{row.womenShare == null ? t('stats.noneDeclared') : percent.format(row.womenShare)}</td>
    </>
  );
}

/**
 * The Party's completion figures, as the API computes them: overall, or by module, session or gender, for sessions
 * starting within an optional range of days (kept in the address). The totals row comes last, labelled "Total".
 */
export default function PartyStatisticsPage() {
  const { t } = useTranslation('party');
  const { viewer } = useSession();
  const [params, setParams] = useSearchParams();
  const captionId = useId();
  const rawGroup = params.get('group');
  const group = isGrouping(rawGroup) ? rawGroup : null;
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const rangeWrong = !!fromDay && !!toDay && toDay < fromDay;
  const partyCode = viewer?.party?.code;
  const [{ data, fetching, error }] = useQuery({
    query: PartyStatsDocument,
    variables: { groupBy: group ? [group] : [], partyCode, from: dayStart(fromDay), to: dayAfter(toDay) },
    pause: rangeWrong || !partyCode,
  });
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const rows = data?.completionStats ?? [];
  const groups = rows.filter((r) => !isTotal(r));
  const totals = rows.filter(isTotal);
  const party = viewer?.party?.name ?? '';
  const caption = group ? t(`stats.captionBy.${group}`, { party }) : t('stats.caption', { party });
  return (
    <section>
      <PageTitle>{t('stats.title')}</PageTitle>
      <p className="lead">{t('stats.intro', { party })}</p>
      <form className="filters" aria-label={t('stats.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="ps-group">{t('stats.groupBy')}</label>
          <select id="ps-group" value={group ?? ''} onChange={(e) => set('group', e.target.value)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`stats.grouping.${g || 'NONE'}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ps-from">{t('stats.from')}</label>
          <input id="ps-from" type="date" value={fromDay} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className={`field${rangeWrong ? ' field--error' : ''}`}>
          <label htmlFor="ps-to">{t('stats.to')}</label>
          {rangeWrong && (
            <p className="field__error" id="ps-to-error">
              {t('stats.rangeWrong')}
            </p>
          )}
          <input
            id="ps-to"
            type="date"
            value={toDay}
            min={fromDay || undefined}
            aria-invalid={rangeWrong || undefined}
            aria-describedby={rangeWrong ? 'ps-to-error' : undefined}
            onChange={(e) => set('to', e.target.value)}
          />
        </div>
      </form>
      {!partyCode && <p>{t('noParty')}</p>}
      <ErrorMessage error={error} />
      {fetching && !data && <Loading />}
      {data && !rangeWrong && (
        <>
          <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
            <table>
              <caption id={captionId} className="visually-hidden">
                {caption}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{group ? t(`stats.grouping.${group}`) : t('stats.group')}</th>
                  <th scope="col">{t('stats.enrolled')}</th>
                  <th scope="col">{t('stats.confirmed')}</th>
                  <th scope="col">{t('stats.waitlisted')}</th>
                  <th scope="col">{t('stats.attended')}</th>
                  <th scope="col">{t('stats.completed')}</th>
                  <th scope="col">{t('stats.certified')}</th>
                  <th scope="col">{t('stats.completionRate')}</th>
                  <th scope="col">{t('stats.womenShare')}</th>
                </tr>
              </thead>
              {groups.length > 0 && (
                <tbody>
                  {groups.map((row, i) => (
                    <tr key={i}>
                      <th scope="row">
                        <GroupName row={row} />
                      </th>
                      <Figures row={row} />
                    </tr>
                  ))}
                </tbody>
              )}
              <tfoot>
                {totals.map((row, i) => (
                  <tr key={i}>
                    <th scope="row">
                      <GroupName row={row} />
                    </th>
                    <Figures row={row} />
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
          {group && groups.length === 0 && <p>{t('stats.noGroups')}</p>}
          {group === 'MODULE' && <p>{t('stats.moduleNote')}</p>}
          <h2>{t('stats.definitionsTitle')}</h2>
          <dl className="facts">
            <dt>{t('stats.enrolled')}</dt>
            <dd>{t('stats.define.enrolled')}</dd>
            <dt>{t('stats.confirmed')}</dt>
            <dd>{t('stats.define.confirmed')}</dd>
            <dt>{t('stats.waitlisted')}</dt>
            <dd>{t('stats.define.waitlisted')}</dd>
            <dt>{t('stats.attended')}</dt>
            <dd>{t('stats.define.attended')}</dd>
            <dt>{t('stats.completed')}</dt>
            <dd>{t('stats.define.completed')}</dd>
            <dt>{t('stats.certified')}</dt>
            <dd>{t('stats.define.certified')}</dd>
            <dt>{t('stats.completionRate')}</dt>
            <dd>{t('stats.define.completionRate')}</dd>
            <dt>{t('stats.womenShare')}</dt>
            <dd>{t('stats.define.womenShare')}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
