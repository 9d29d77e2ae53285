import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badInput, forbidden } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { User } from '../auth/user.entity';
import { isFocalPointOf, isSecretariat } from '../auth/policies';
import { UnRegion } from '../catalogue/catalogue.enums';
import { CatalogueService } from '../catalogue/catalogue.service';
import { CapacityOutcomeRow, CompletionStatsRow, StatsDimension, StatsKey } from './outcomes.models';
import { UNDECLARED_GENDER } from './stats-cell.entity';

export interface StatsFilter {
  region?: UnRegion | null;
  partyCode?: string | null;
  moduleCode?: string | null;
  /** Sessions starting at or after. */
  from?: Date | null;
  /** Sessions starting before. */
  to?: Date | null;
}

/**
 * Which cells a question is answered from: the Party cells when it groups or filters by Party, otherwise the far
 * fewer region cells (where the region is a column of the cell rather than a join to the Party).
 */
interface CellLevel {
  enrolmentTable: string;
  scoreTable: string;
  /** Joins `p` (the Party) when the region comes from it. */
  join: string;
  region: string;
}
const PARTY_LEVEL: CellLevel = {
  enrolmentTable: 'stats_enrolment_cell',
  scoreTable: 'stats_score_cell',
  join: 'JOIN party p ON p.code = c.party_code',
  region: 'p.region::text',
};
const REGION_LEVEL: CellLevel = {
  enrolmentTable: 'stats_enrolment_region_cell',
  scoreTable: 'stats_score_region_cell',
  join: '',
  region: 'c.region::text',
};

/** The SQL of each dimension's key over a cell `c` (module `m` joined when needed; REGION per level). */
const DIMENSION_SQL: Record<StatsDimension, { expr: string; alias: keyof StatsKey }> = {
  [StatsDimension.REGION]: { expr: 'REGION', alias: 'region' },
  [StatsDimension.PARTY]: { expr: 'c.party_code::text', alias: 'partyCode' },
  [StatsDimension.MODULE]: { expr: 'm.code', alias: 'moduleCode' },
  [StatsDimension.SESSION]: { expr: 'c.session_id::text', alias: 'sessionId' },
  [StatsDimension.GENDER]: { expr: 'c.gender', alias: 'gender' },
};
const DIMENSION_ORDER = [
  StatsDimension.REGION,
  StatsDimension.PARTY,
  StatsDimension.MODULE,
  StatsDimension.SESSION,
  StatsDimension.GENDER,
];

type Row = Record<string, string | number | null>;

interface EnrolmentSums {
  enrolled: number;
  confirmed: number;
  waitlisted: number;
  attended: number;
  completed: number;
  certified: number;
  followUpsAnswered: number;
  followUpsApplied: number;
  women: number;
  declared: number;
}

interface ScoreSums {
  assessed: number;
  preCount: number;
  preSum: number;
  postCount: number;
  postSum: number;
  gainCount: number;
  gainSum: number;
}

const ZERO_SCORES: ScoreSums = {
  assessed: 0,
  preCount: 0,
  preSum: 0,
  postCount: 0,
  postSum: 0,
  gainCount: 0,
  gainSum: 0,
};
const ZERO_ENROLMENTS: EnrolmentSums = {
  enrolled: 0,
  confirmed: 0,
  waitlisted: 0,
  attended: 0,
  completed: 0,
  certified: 0,
  followUpsAnswered: 0,
  followUpsApplied: 0,
  women: 0,
  declared: 0,
};

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Completion statistics and capacity outcomes (DOMAIN.md), grouped by any combination of dimensions, with the
 * totals as the last row. Read from the cells OutcomeCellsService keeps, so the cost grows with the number of
 * session × Party × gender cells, not with the number of enrolments.
 */
@Injectable()
export class OutcomesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogue: CatalogueService,
  ) {}

  async completionStats(viewer: User, groupBy: StatsDimension[], filter: StatsFilter): Promise<CompletionStatsRow[]> {
    const dims = this.dimensions(groupBy);
    const scoped = await this.scope(viewer, filter);
    const [rows, [totals]] = await Promise.all([
      dims.length ? this.enrolmentSums(dims, scoped) : Promise.resolve([]),
      this.enrolmentSums([], scoped),
    ]);
    return [...rows.filter(([, s]) => s.enrolled > 0), totals ?? [this.keyOf([], {}), ZERO_ENROLMENTS]].map(
      ([key, s]): CompletionStatsRow => ({
        key,
        enrolled: s.enrolled,
        confirmed: s.confirmed,
        waitlisted: s.waitlisted,
        attended: s.attended,
        completed: s.completed,
        certified: s.certified,
        completionRate: ratio(s.completed, s.confirmed) ?? 0,
        womenShare: ratio(s.women, s.declared),
      }),
    );
  }

  async capacityOutcomes(viewer: User, groupBy: StatsDimension[], filter: StatsFilter): Promise<CapacityOutcomeRow[]> {
    const dims = this.dimensions(groupBy);
    const scoped = await this.scope(viewer, filter);
    const [enrolmentRows, scoreRows, [enrolmentTotals], [scoreTotals]] = await Promise.all([
      dims.length ? this.enrolmentSums(dims, scoped) : Promise.resolve([]),
      dims.length ? this.scoreSums(dims, scoped) : Promise.resolve([]),
      this.enrolmentSums([], scoped),
      this.scoreSums([], scoped),
    ]);
    const merged = new Map<string, { key: StatsKey; e: EnrolmentSums; s: ScoreSums }>();
    const entry = (key: StatsKey) => {
      const id = JSON.stringify(key);
      const found = merged.get(id) ?? { key, e: ZERO_ENROLMENTS, s: ZERO_SCORES };
      merged.set(id, found);
      return found;
    };
    for (const [key, e] of enrolmentRows) if (e.confirmed > 0 || e.enrolled > 0) entry(key).e = e;
    for (const [key, s] of scoreRows) if (s.assessed > 0) entry(key).s = s;
    const rows = [...merged.values()].sort((a, b) => compareKeys(a.key, b.key, dims));
    const totalKey = this.keyOf([], {});
    rows.push({ key: totalKey, e: enrolmentTotals?.[1] ?? ZERO_ENROLMENTS, s: scoreTotals?.[1] ?? ZERO_SCORES });
    return rows.map(({ key, e, s }) => this.outcomeRow(key, e, s));
  }

  private outcomeRow(key: StatsKey, e: EnrolmentSums, s: ScoreSums): CapacityOutcomeRow {
    const normalizedGain = s.gainCount > 0 ? s.gainSum / s.gainCount : null;
    const certificationRate = ratio(e.certified, e.confirmed);
    const applicationRate = ratio(e.followUpsApplied, e.followUpsAnswered);
    return {
      key,
      delegatesAssessed: s.assessed,
      meanPreScore: s.preCount > 0 ? s.preSum / s.preCount : null,
      meanPostScore: s.postCount > 0 ? s.postSum / s.postCount : null,
      normalizedGain,
      certificationRate,
      applicationRate,
      capacityIndex: this.capacityIndex(normalizedGain, certificationRate, applicationRate),
      confirmed: e.confirmed,
      certified: e.certified,
      followUpsAnswered: e.followUpsAnswered,
      followUpsApplied: e.followUpsApplied,
    };
  }

  /** 100 × the weighted mean of the parts that have data, the weights re-normalised over them; null when none has. */
  capacityIndex(gain: number | null, certification: number | null, application: number | null): number | null {
    const w = this.config.capacityIndexWeights;
    const parts: [number, number][] = [];
    if (gain !== null) parts.push([Math.min(1, Math.max(0, gain)), w.gain]);
    if (certification !== null) parts.push([certification, w.certification]);
    if (application !== null) parts.push([application, w.application]);
    const weight = parts.reduce((sum, [, pw]) => sum + pw, 0);
    if (weight <= 0) return null;
    return (100 * parts.reduce((sum, [v, pw]) => sum + v * pw, 0)) / weight;
  }

  private dimensions(groupBy: StatsDimension[]): StatsDimension[] {
    const wanted = new Set(groupBy ?? []);
    return DIMENSION_ORDER.filter((d) => wanted.has(d));
  }

  /** The Secretariat sees every Party; a focal point only their own (asking for another is refused); others nothing. */
  private async scope(viewer: User, filter: StatsFilter): Promise<StatsFilter> {
    const partyCode = filter.partyCode?.trim().toUpperCase() || null;
    if (partyCode !== null && !/^[A-Z]{3}$/.test(partyCode))
      throw badInput('partyCode', 'partyCode is an ISO 3166-1 alpha-3 code');
    if (filter.from && filter.to && filter.from > filter.to) throw badInput('from', 'from must not be after to');
    let moduleCode: string | null = null;
    if (filter.moduleCode) {
      const [module] = await this.catalogue.requireModules([filter.moduleCode.slice(0, 40)], 'moduleCode');
      moduleCode = module.code;
    }
    const scoped = { ...filter, partyCode, moduleCode };
    if (isSecretariat(viewer)) return scoped;
    if (viewer.partyCode && isFocalPointOf(viewer, viewer.partyCode)) {
      if (partyCode !== null && partyCode !== viewer.partyCode) {
        throw forbidden('A focal point sees the statistics of their own Party only');
      }
      return { ...scoped, partyCode: viewer.partyCode };
    }
    throw forbidden('The statistics are for the Secretariat and the focal points');
  }

  private level(dims: StatsDimension[], filter: StatsFilter): CellLevel {
    return dims.includes(StatsDimension.PARTY) || filter.partyCode ? PARTY_LEVEL : REGION_LEVEL;
  }

  private where(
    filter: StatsFilter,
    params: unknown[],
    opts: { level: CellLevel; moduleJoined: boolean; moduleColumn: string | null },
  ) {
    const clauses: string[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.region) clauses.push(`${opts.level.region} = ${param(filter.region)}`);
    if (filter.partyCode) clauses.push(`c.party_code = ${param(filter.partyCode)}`);
    if (filter.moduleCode) {
      if (opts.moduleJoined) clauses.push(`m.code = ${param(filter.moduleCode)}`);
      else if (opts.moduleColumn) {
        clauses.push(
          `${opts.moduleColumn} = (SELECT id FROM thematic_module WHERE code = ${param(filter.moduleCode)})`,
        );
      } else {
        clauses.push(`EXISTS (SELECT 1 FROM session_module fsm JOIN thematic_module fm ON fm.id = fsm.module_id
                               WHERE fsm.session_id = c.session_id AND fm.code = ${param(filter.moduleCode)})`);
      }
    }
    if (filter.from || filter.to) {
      const bounds: string[] = [];
      if (filter.from) bounds.push(`s.starts_at >= ${param(filter.from)}`);
      if (filter.to) bounds.push(`s.starts_at < ${param(filter.to)}`);
      clauses.push(`c.session_id IN (SELECT s.id FROM training_session s WHERE ${bounds.join(' AND ')})`);
    }
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  private select(dims: StatsDimension[], level: CellLevel) {
    const expr = (d: StatsDimension) => (d === StatsDimension.REGION ? level.region : DIMENSION_SQL[d].expr);
    const cols = dims.map((d) => `${expr(d)} AS "${DIMENSION_SQL[d].alias}"`);
    const group = dims.length ? `GROUP BY ${dims.map(expr).join(', ')}` : '';
    return { cols, group };
  }

  /**
   * Enrolment-level sums. Grouped by module, a session's cells count under each of its modules; the totals are
   * summed without that join, so a workshop with two modules counts its delegates once.
   */
  private async enrolmentSums(dims: StatsDimension[], filter: StatsFilter): Promise<[StatsKey, EnrolmentSums][]> {
    const byModule = dims.includes(StatsDimension.MODULE);
    return this.sumCells(dims, filter, {
      table: (level) => level.enrolmentTable,
      moduleJoin: byModule
        ? 'JOIN session_module sm ON sm.session_id = c.session_id JOIN thematic_module m ON m.id = sm.module_id'
        : '',
      moduleColumn: null,
      measures: [
        'sum(c.enrolled)::int AS enrolled',
        'sum(c.confirmed)::int AS confirmed',
        'sum(c.waitlisted)::int AS waitlisted',
        'sum(c.attended)::int AS attended',
        'sum(c.completed)::int AS completed',
        'sum(c.certified)::int AS certified',
        'sum(c.follow_ups_answered)::int AS "followUpsAnswered"',
        'sum(c.follow_ups_applied)::int AS "followUpsApplied"',
        `coalesce(sum(c.enrolled) FILTER (WHERE c.gender = 'female'), 0)::int AS women`,
        `coalesce(sum(c.enrolled) FILTER (WHERE c.gender <> '${UNDECLARED_GENDER}'), 0)::int AS declared`,
      ],
      zero: ZERO_ENROLMENTS,
    });
  }

  /** Score-level sums: the module is part of these cells' key. */
  private scoreSums(dims: StatsDimension[], filter: StatsFilter): Promise<[StatsKey, ScoreSums][]> {
    return this.sumCells(dims, filter, {
      table: (level) => level.scoreTable,
      moduleJoin: dims.includes(StatsDimension.MODULE) ? 'JOIN thematic_module m ON m.id = c.module_id' : '',
      moduleColumn: 'c.module_id',
      measures: [
        'sum(c.assessed)::int AS assessed',
        'sum(c.pre_count)::int AS "preCount"',
        'sum(c.pre_sum)::float8 AS "preSum"',
        'sum(c.post_count)::int AS "postCount"',
        'sum(c.post_sum)::float8 AS "postSum"',
        'sum(c.gain_count)::int AS "gainCount"',
        'sum(c.gain_sum)::float8 AS "gainSum"',
      ],
      zero: ZERO_SCORES,
    });
  }

  /** One aggregate over the cells of the right level, grouped by `dims`; each measure's alias is a key of `zero`. */
  private async sumCells<T extends object>(
    dims: StatsDimension[],
    filter: StatsFilter,
    q: {
      table: (level: CellLevel) => string;
      moduleJoin: string;
      moduleColumn: string | null;
      measures: string[];
      zero: T;
    },
  ): Promise<[StatsKey, T][]> {
    const level = this.level(dims, filter);
    const params: unknown[] = [];
    const { cols, group } = this.select(dims, level);
    const rows: Row[] = await this.db.query(
      `SELECT ${[...cols, ...q.measures].join(', ')}
         FROM ${q.table(level)} c
         ${level.join}
         ${q.moduleJoin}
         ${this.where(filter, params, { level, moduleJoined: q.moduleJoin !== '', moduleColumn: q.moduleColumn })}
         ${group}`,
      params,
    );
    const measuresOf = (r: Row) => Object.fromEntries(Object.keys(q.zero).map((k) => [k, Number(r[k] ?? 0)])) as T;
    return this.sorted(
      rows.map((r) => [this.keyOf(dims, r), measuresOf(r)]),
      dims,
    );
  }

  private sorted<T>(rows: [StatsKey, T][], dims: StatsDimension[]): [StatsKey, T][] {
    return rows.sort((a, b) => compareKeys(a[0], b[0], dims));
  }

  private keyOf(dims: StatsDimension[], row: Row): StatsKey {
    const key: StatsKey = { region: null, partyCode: null, moduleCode: null, sessionId: null, gender: null };
    for (const d of dims) {
      const { alias } = DIMENSION_SQL[d];
      const value = row[alias];
      (key as unknown as Record<string, string | null>)[alias] =
        value === null || value === undefined ? null : String(value);
    }
    return key;
  }
}

function compareKeys(a: StatsKey, b: StatsKey, dims: StatsDimension[]): number {
  for (const d of dims) {
    const { alias } = DIMENSION_SQL[d];
    const x = String(a[alias] ?? '');
    const y = String(b[alias] ?? '');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
