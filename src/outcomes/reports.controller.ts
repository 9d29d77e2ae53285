import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { badInput, notFound } from '@lib/common';
import { toCsv, toXlsx, type ExportCell, type ExportColumn, type ExportTable } from '@lib/documents';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { UnRegion } from '../catalogue/catalogue.enums';
import { CatalogueService } from '../catalogue/catalogue.service';
import { SessionsService } from '../sessions/sessions.service';
import { StatsDimension, type CapacityOutcomeRow, type CompletionStatsRow, type StatsKey } from './outcomes.models';
import { OutcomesService, type StatsFilter } from './outcomes.service';
import { Clock } from '../clock/clock';

type ReportName = 'completion-stats' | 'capacity-outcomes';
type ReportQuery = Record<string, string | string[] | undefined>;

const FILE = /^(completion-stats|capacity-outcomes)\.(csv|xlsx)$/;

const TITLES: Record<ReportName, string> = {
  'completion-stats': 'Completion statistics',
  'capacity-outcomes': 'Capacity outcomes',
};

const COMPLETION_COLUMNS: [string, ExportColumn['format'], (r: CompletionStatsRow) => ExportCell][] = [
  ['Enrolled', 'integer', (r) => r.enrolled],
  ['Confirmed', 'integer', (r) => r.confirmed],
  ['Waitlisted', 'integer', (r) => r.waitlisted],
  ['Attended', 'integer', (r) => r.attended],
  ['Completed', 'integer', (r) => r.completed],
  ['Certified', 'integer', (r) => r.certified],
  ['Completion rate', 'percent', (r) => r.completionRate],
  ['Share of women', 'percent', (r) => r.womenShare],
];

const OUTCOME_COLUMNS: [string, ExportColumn['format'], (r: CapacityOutcomeRow) => ExportCell][] = [
  ['Delegates assessed', 'integer', (r) => r.delegatesAssessed],
  ['Mean pre-course score', 'decimal', (r) => r.meanPreScore],
  ['Mean post-course score', 'decimal', (r) => r.meanPostScore],
  ['Normalised gain', 'decimal', (r) => r.normalizedGain],
  ['Confirmed', 'integer', (r) => r.confirmed],
  ['Certified', 'integer', (r) => r.certified],
  ['Certification rate', 'percent', (r) => r.certificationRate],
  ['Follow-ups answered', 'integer', (r) => r.followUpsAnswered],
  ['Follow-ups applied', 'integer', (r) => r.followUpsApplied],
  ['Application rate', 'percent', (r) => r.applicationRate],
  ['Capacity index', 'decimal', (r) => r.capacityIndex],
];

/**
 * GET /reports/{completion-stats|capacity-outcomes}.{csv|xlsx}?groupBy=REGION,MODULE&region=&partyCode=&moduleCode=&from=&to=
 * The same figures as the GraphQL queries, for the Secretariat to take away; keys are spelled out (Party and session
 * names beside their codes) and the last row is the totals.
 */
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly outcomes: OutcomesService,
    private readonly catalogue: CatalogueService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  @Roles(Role.SECRETARIAT)
  @Get(':file')
  async report(
    @Param('file') file: string,
    @Query() query: ReportQuery,
    @CurrentUser() viewer: User,
    @Res() res: Response,
  ) {
    const match = FILE.exec(file);
    if (!match) throw notFound('Report', file.slice(0, 60));
    const [, name, format] = match as unknown as [string, ReportName, 'csv' | 'xlsx'];
    const groupBy = parseGroupBy(query.groupBy);
    const filter = parseFilter(query);
    const table =
      name === 'completion-stats'
        ? await this.table(
            name,
            groupBy,
            await this.outcomes.completionStats(viewer, groupBy, filter),
            COMPLETION_COLUMNS,
          )
        : await this.table(
            name,
            groupBy,
            await this.outcomes.capacityOutcomes(viewer, groupBy, filter),
            OUTCOME_COLUMNS,
          );
    const stamp = this.clock.now();
    const base = `${name}-${stamp.toISOString().slice(0, 10)}`;
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${base}.csv"`);
      res.send(toCsv(table));
      return;
    }
    const workbook = await toXlsx([table], {
      title: `${TITLES[name]} — Stockholm Convention capacity-building programme`,
      generatedAt: stamp,
      lines: describeFilter(groupBy, filter),
    });
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${base}.xlsx"`);
    res.send(workbook);
  }

  private async table<R extends { key: StatsKey }>(
    name: ReportName,
    groupBy: StatsDimension[],
    rows: R[],
    measures: [string, ExportColumn['format'], (r: R) => ExportCell][],
  ): Promise<ExportTable> {
    const dims = [
      StatsDimension.REGION,
      StatsDimension.PARTY,
      StatsDimension.MODULE,
      StatsDimension.SESSION,
      StatsDimension.GENDER,
    ].filter((d) => groupBy.includes(d));
    const partyNames = new Map(
      (await this.catalogue.partiesByCodes(rows.map((r) => r.key.partyCode).filter((c): c is string => !!c))).map(
        (p) => [p.code, p.name],
      ),
    );
    const sessionIds = [...new Set(rows.map((r) => r.key.sessionId).filter((s): s is string => !!s))];
    const sessionTitles = new Map(
      (await this.sessions.sessionsByIds(sessionIds)).filter((s) => s !== null).map((s) => [s!.id, s!.title]),
    );
    const keyColumns: [string, (k: StatsKey) => ExportCell][] = [];
    for (const d of dims) {
      if (d === StatsDimension.REGION) keyColumns.push(['Region', (k) => k.region]);
      if (d === StatsDimension.PARTY) {
        keyColumns.push(
          ['Party code', (k) => k.partyCode],
          ['Party', (k) => (k.partyCode ? (partyNames.get(k.partyCode) ?? null) : null)],
        );
      }
      if (d === StatsDimension.MODULE) keyColumns.push(['Module', (k) => k.moduleCode]);
      if (d === StatsDimension.SESSION) {
        keyColumns.push(
          ['Session id', (k) => k.sessionId],
          ['Session', (k) => (k.sessionId ? (sessionTitles.get(k.sessionId) ?? null) : null)],
        );
      }
      if (d === StatsDimension.GENDER) keyColumns.push(['Gender', (k) => k.gender]);
    }
    if (!keyColumns.length) keyColumns.push(['Group', () => null]);
    const last = rows.length - 1;
    return {
      name: TITLES[name],
      columns: [
        ...keyColumns.map(([header]): ExportColumn => ({ header, format: 'text' })),
        ...measures.map(([header, format]): ExportColumn => ({ header, format })),
      ],
      rows: rows.map((r, i) => [
        ...keyColumns.map(([, value], c) => (i === last && c === 0 ? 'Total' : i === last ? null : value(r.key))),
        ...measures.map(([, , value]) => value(r)),
      ]),
      totalsRow: last,
    };
  }
}

function single(v: string | string[] | undefined, field: string): string | null {
  if (v === undefined || v === '') return null;
  if (Array.isArray(v)) throw badInput(field, `give ${field} once`);
  return v;
}

function parseGroupBy(v: string | string[] | undefined): StatsDimension[] {
  const parts = (Array.isArray(v) ? v : v ? [v] : []).flatMap((p) => p.split(',')).map((p) => p.trim().toUpperCase());
  const valid = new Set<string>(Object.values(StatsDimension));
  const unknown = parts.filter((p) => p && !valid.has(p));
  if (unknown.length)
    throw badInput('groupBy', `unknown dimension(s): ${unknown.slice(0, 5).join(', ').slice(0, 100)}`);
  return [...new Set(parts.filter(Boolean))] as StatsDimension[];
}

function parseDate(v: string | null, field: string): Date | null {
  if (v === null) return null;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime()))
    throw badInput(field, `${field} must be an ISO-8601 date or time`);
  return d;
}

function parseFilter(q: ReportQuery): StatsFilter {
  const region = single(q.region, 'region');
  if (region !== null && !(Object.values(UnRegion) as string[]).includes(region))
    throw badInput('region', 'unknown region');
  return {
    region: region as UnRegion | null,
    partyCode: single(q.partyCode, 'partyCode'),
    moduleCode: single(q.moduleCode, 'moduleCode'),
    from: parseDate(single(q.from, 'from'), 'from'),
    to: parseDate(single(q.to, 'to'), 'to'),
  };
}

function describeFilter(groupBy: StatsDimension[], f: StatsFilter): [string, string][] {
  return [
    ['Grouped by', groupBy.join(', ') || '(totals only)'],
    ['Region', f.region ?? 'all'],
    ['Party', f.partyCode ?? 'all'],
    ['Module', f.moduleCode ?? 'all'],
    ['Sessions starting from', f.from?.toISOString() ?? '—'],
    ['Sessions starting before', f.to?.toISOString() ?? '—'],
  ];
}
