import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OutcomeCellsService } from '../src/outcomes/outcome-cells.service';
import { connect, databaseUrl, dropDatabase, freshDatabaseName } from './support/database';
import { generateProgramme } from './support/generate-programme';
import { deleteKeysUnder } from './support/redis-keys';
import { fmt, pct, percentile, type BenchResult } from './support/results';
import { gql, startServer, type BenchServer } from './support/server';
import { signToken } from './support/token';

/**
 * P3: `completionStats` and `capacityOutcomes` grouped by region × module, over HTTP as the Secretariat, on a
 * programme of 1,000,000 enrolments in 300 sessions over the 4 modules, delegates of the 186 Parties.
 *
 * The data is written straight into the tables (bench/support/generate-programme.ts), then the statistics' read
 * model is brought in line by the platform's own full rebuild (OutcomeCellsService.rebuildAll). Each query is sent
 * REPEAT times one after another after a warm-up, then by CONCURRENCY clients at once. Baseline, in the same run:
 * `SELECT count(*) FROM enrolment` sent with pg, REPEAT times — what the cheapest question over the enrolments costs.
 *
 * Correctness: the same figures worked out with plain SQL over the facts (enrolments, attempts, certificates,
 * follow-ups; not the cells), from the definitions of DOMAIN.md, compared row by row with the API's answers, for
 * region × module (the region cells) and for Party × gender (the Party cells), totals included.
 */
const SESSIONS = 300;
const ENROLMENTS = Number(process.env.BENCH_P3_ENROLMENTS ?? 1_000_000);
const DELEGATES = Math.max(1_000, Math.round(ENROLMENTS / 5));
const REPEAT = Number(process.env.BENCH_P3_REPEAT ?? 200);
const WARM_UP = 20;
const CONCURRENCY = 4;
const GOAL_P50 = 100;
const GOAL_P95 = 250;
/** The default CAPACITY_INDEX_WEIGHTS (the benchmark server does not set them). */
const WEIGHTS = { gain: 0.5, certification: 0.3, application: 0.2 };

const KEY = 'key { region partyCode moduleCode sessionId gender }';
const COMPLETION_FIELDS = `${KEY} enrolled confirmed waitlisted attended completed certified completionRate womenShare`;
const OUTCOME_FIELDS =
  `${KEY} delegatesAssessed meanPreScore meanPostScore normalizedGain certificationRate applicationRate capacityIndex ` +
  'confirmed certified followUpsAnswered followUpsApplied';
const completionQuery = (groupBy: string) => `{ completionStats(groupBy: [${groupBy}]) { ${COMPLETION_FIELDS} } }`;
const outcomesQuery = (groupBy: string) => `{ capacityOutcomes(groupBy: [${groupBy}]) { ${OUTCOME_FIELDS} } }`;

type Row = Record<string, unknown> & { key: Record<string, string | null> };

export async function run(): Promise<BenchResult[]> {
  const started = Date.now();
  const dbName = await freshDatabaseName('p3');
  let server: BenchServer | undefined;
  let db: Client | undefined;
  try {
    // The server creates the schema, runs the migrations and seeds the programme (Parties, modules, assessments).
    // LOG_LEVEL info, as production runs by default (and startServer reads the port from the info-level line).
    const t0 = Date.now();
    server = await startServer(dbName, { LOG_LEVEL: 'info' });
    const startMs = Date.now() - t0;
    db = await connect(dbName);

    const t1 = Date.now();
    const generated = await generateProgramme(db, { sessions: SESSIONS, enrolments: ENROLMENTS, delegates: DELEGATES });
    const generateMs = Date.now() - t1;
    log(`generated in ${fmt(generateMs / 1000, 1)} s: ${JSON.stringify(generated.counts)}`);

    const t2 = Date.now();
    await rebuildCells(dbName);
    const rebuildMs = Date.now() - t2;
    await db.query(
      `ANALYZE stats_enrolment_cell, stats_score_cell, stats_enrolment_region_cell, stats_score_region_cell`,
    );
    const cells = (
      await db.query(
        `SELECT (SELECT count(*) FROM stats_enrolment_cell)::int AS party_enrolment,
                (SELECT count(*) FROM stats_score_cell)::int AS party_score,
                (SELECT count(*) FROM stats_enrolment_region_cell)::int AS region_enrolment,
                (SELECT count(*) FROM stats_score_region_cell)::int AS region_score`,
      )
    ).rows[0];
    log(`read model rebuilt in ${fmt(rebuildMs / 1000, 1)} s: ${JSON.stringify(cells)}`);

    const admin = (await db.query(`SELECT id, token_version FROM app_user WHERE email = 'admin@bench.example.org'`))
      .rows[0];
    const token = signToken(admin.id, admin.token_version);
    const ask = async (query: string): Promise<Row[]> => {
      const res = await gql(server!.url, query, {}, token);
      if (res.errors?.length || !res.data) throw new Error(`P3: ${query} answered ${JSON.stringify(res.errors)}`);
      return Object.values(res.data)[0] as Row[];
    };
    const timed = async (query: string): Promise<number> => {
      const at = performance.now();
      await ask(query);
      return performance.now() - at;
    };

    const completion = completionQuery('REGION, MODULE');
    const outcomes = outcomesQuery('REGION, MODULE');
    for (let i = 0; i < WARM_UP; i++) {
      await timed(completion);
      await timed(outcomes);
    }
    const sequential = { completion: [] as number[], outcomes: [] as number[] };
    for (let i = 0; i < REPEAT; i++) sequential.completion.push(await timed(completion));
    for (let i = 0; i < REPEAT; i++) sequential.outcomes.push(await timed(outcomes));
    // CONCURRENCY clients at once, each alternating the two questions.
    const concurrent: number[] = [];
    const tc = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, c) => {
        for (let i = 0; i < REPEAT / CONCURRENCY; i++)
          concurrent.push(await timed((i + c) % 2 ? outcomes : completion));
      }),
    );
    const concurrentSeconds = (performance.now() - tc) / 1000;
    // What any request costs before the statistics' own work: HTTP, the token check, GraphQL, no resolver.
    const roundTrip: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const at = performance.now();
      await gql(server.url, '{ __typename }', {}, token);
      roundTrip.push(performance.now() - at);
    }

    // Baseline: the plainest question over the enrolments, straight to PostgreSQL.
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) await db.query(`SELECT count(*) FROM enrolment`);
    for (let i = 0; i < REPEAT; i++) {
      const at = performance.now();
      await db.query(`SELECT count(*) FROM enrolment`);
      baseline.push(performance.now() - at);
    }

    // Correctness: the API's answers against plain SQL over the facts.
    const tq = Date.now();
    const truth = await factsTruth(dbName);
    const checks = [
      compare('completionStats [REGION, MODULE]', await ask(completion), truth.completion.regionModule),
      compare('capacityOutcomes [REGION, MODULE]', await ask(outcomes), truth.outcomes.regionModule),
      compare(
        'completionStats [PARTY, GENDER]',
        await ask(completionQuery('PARTY, GENDER')),
        truth.completion.partyGender,
      ),
      compare(
        'capacityOutcomes [PARTY, GENDER]',
        await ask(outcomesQuery('PARTY, GENDER')),
        truth.outcomes.partyGender,
      ),
    ];
    const checkMs = Date.now() - tq;
    const mismatches = checks.flatMap((c) => c.problems);
    for (const m of mismatches.slice(0, 20)) log(`mismatch: ${m}`);

    const p = (xs: number[], q: number) => percentile(xs, q);
    const c50 = p(sequential.completion, 50);
    const c95 = p(sequential.completion, 95);
    const o50 = p(sequential.outcomes, 50);
    const o95 = p(sequential.outcomes, 95);
    const b50 = p(baseline, 50);
    const ms = (x: number) => `${fmt(x, 1)} ms`;
    const fast = Math.max(c50, o50) <= GOAL_P50 && Math.max(c95, o95) <= GOAL_P95;
    return [
      {
        id: 'P3',
        what: `completionStats and capacityOutcomes by region × module over HTTP as the Secretariat, ${fmt(generated.counts.enrolments)} enrolments, ${generated.counts.parties} Parties, ${generated.counts.modules} modules, ${generated.counts.sessions} sessions`,
        figure:
          `completionStats p50 ${ms(c50)}, p95 ${ms(c95)}, p99 ${ms(p(sequential.completion, 99))}; ` +
          `capacityOutcomes p50 ${ms(o50)}, p95 ${ms(o95)}, p99 ${ms(p(sequential.outcomes, 99))} (${REPEAT} sequential requests each)`,
        baseline: `SELECT count(*) FROM enrolment over pg: p50 ${ms(b50)}, p95 ${ms(p(baseline, 95))}`,
        ratio: pct(Math.max(c50, o50), b50),
        goal: `p50 ≤ ${GOAL_P50} ms, p95 ≤ ${GOAL_P95} ms; results equal to a straight SQL computation`,
        met: fast && mismatches.length === 0,
        notes: [
          `data: ${Object.entries(generated.counts)
            .map(([k, v]) => `${k} ${fmt(v)}`)
            .join(', ')}; ` +
            `generated in ${fmt(generateMs / 1000, 1)} s (${Object.entries(generated.timings)
              .map(([k, v]) => `${k} ${fmt(v / 1000, 1)} s`)
              .join(', ')})`,
          `read model rebuilt by OutcomeCellsService.rebuildAll in ${fmt(rebuildMs / 1000, 1)} s: ` +
            `${fmt(cells.party_enrolment)} + ${fmt(cells.party_score)} Party cells, ${fmt(cells.region_enrolment)} + ${fmt(cells.region_score)} region cells`,
          `${CONCURRENCY} concurrent clients, the two questions alternating, ${REPEAT} requests: p50 ${ms(p(concurrent, 50))}, ` +
            `p95 ${ms(p(concurrent, 95))}, p99 ${ms(p(concurrent, 99))}, ${fmt(concurrent.length / concurrentSeconds, 0)} requests/s`,
          `an empty query ({ __typename }) as the Secretariat, the same ${REPEAT} times: p50 ${ms(p(roundTrip, 50))}, ` +
            `p95 ${ms(p(roundTrip, 95))} (HTTP, token, GraphQL: the part of each figure that is not the statistics' own)`,
          `correctness (${fmt(checkMs / 1000, 1)} s): ${checks.map((c) => `${c.name} ${c.rows} rows ${c.problems.length ? `${c.problems.length} MISMATCHES` : 'equal'}`).join('; ')}` +
            (mismatches.length ? ` — first: ${mismatches.slice(0, 3).join(' | ')}` : ''),
          `server start (migrations and seed) ${fmt(startMs / 1000, 1)} s; the whole P3 run ${fmt((Date.now() - started) / 1000, 0)} s`,
        ],
      },
    ];
  } finally {
    await db?.end().catch(() => undefined);
    await server?.stop();
    await dropDatabase(dbName).catch(() => undefined);
    await deleteKeysUnder(dbName).catch(() => undefined);
  }
}

function log(line: string): void {
  process.stdout.write(`   P3: ${line}\n`);
}

/** The platform's full rebuild of the read model, run on a connection of its own as the application would. */
async function rebuildCells(dbName: string): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: databaseUrl(dbName) });
  await ds.initialize();
  try {
    await new OutcomeCellsService(ds).rebuildAll();
  } finally {
    await ds.destroy();
  }
}

// ---- the truth: DOMAIN.md's definitions over the facts ----

interface EnrolmentFacts {
  enrolled: number;
  confirmed: number;
  waitlisted: number;
  attended: number;
  completed: number;
  certified: number;
  women: number;
  declared: number;
  answered: number;
  applied: number;
}
interface ScoreFacts {
  assessed: number;
  meanPre: number | null;
  meanPost: number | null;
  gain: number | null;
}

const ACTIVE = `e.status NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED')`;
const CONFIRMED = `e.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`;

/**
 * Per enrolment: its status, the delegate's Party's region, the gender declared when enrolling, whether it has a
 * certificate not revoked and a follow-up answer (applied or not). `moduleJoin` counts it under each module of its
 * session.
 */
const enrolmentFactsSql = (select: string, moduleJoin: boolean, groupBy: string) => `
  SELECT ${select},
         count(*) FILTER (WHERE ${ACTIVE})::int AS enrolled,
         count(*) FILTER (WHERE ${CONFIRMED})::int AS confirmed,
         count(*) FILTER (WHERE e.status = 'WAITLISTED')::int AS waitlisted,
         count(*) FILTER (WHERE e.status IN ('ATTENDED', 'COMPLETED'))::int AS attended,
         count(*) FILTER (WHERE e.status = 'COMPLETED')::int AS completed,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM certificate c WHERE c.enrolment_id = e.id AND c.revoked_at IS NULL))::int AS certified,
         count(*) FILTER (WHERE ${ACTIVE} AND e.gender = 'female')::int AS women,
         count(*) FILTER (WHERE ${ACTIVE} AND e.gender IS NOT NULL)::int AS declared,
         count(f.id)::int AS answered,
         count(f.id) FILTER (WHERE f.applied)::int AS applied
    FROM enrolment e
    JOIN party p ON p.code = e.party_code
    ${moduleJoin ? 'JOIN session_module sm ON sm.session_id = e.session_id JOIN thematic_module m ON m.id = sm.module_id' : ''}
    LEFT JOIN follow_up_response f ON f.enrolment_id = e.id
   GROUP BY ${groupBy}`;

/**
 * Per unit (a confirmed-or-later enrolment × a module of its session): the delegate's pre-course score for the
 * module and their best post-course score for that session and module.
 */
const SCORE_FACTS = `
  WITH best AS (SELECT delegate_id, session_id, module_id, max(score) AS post
                  FROM assessment_attempt WHERE kind = 'POST' GROUP BY delegate_id, session_id, module_id),
       pre AS (SELECT delegate_id, module_id, score AS pre FROM assessment_attempt WHERE kind = 'PRE'),
       unit AS (
         SELECT p.region::text AS region, m.code AS module, e.party_code::text AS party,
                coalesce(e.gender, 'undeclared') AS gender, pre.pre, best.post
           FROM enrolment e
           JOIN party p ON p.code = e.party_code
           JOIN session_module sm ON sm.session_id = e.session_id
           JOIN thematic_module m ON m.id = sm.module_id
           LEFT JOIN pre ON pre.delegate_id = e.delegate_id AND pre.module_id = sm.module_id
           LEFT JOIN best ON best.delegate_id = e.delegate_id AND best.session_id = e.session_id AND best.module_id = sm.module_id
          WHERE ${CONFIRMED})
  SELECT region, module, party, gender,
         count(*) FILTER (WHERE pre IS NOT NULL OR post IS NOT NULL)::int AS assessed,
         avg(pre)::float8 AS mean_pre, avg(post)::float8 AS mean_post,
         avg((post - pre) / (100 - pre)) FILTER (WHERE pre < 100 AND post IS NOT NULL)::float8 AS gain
    FROM unit
   GROUP BY GROUPING SETS ((region, module), (party, gender), ())`;

interface Grouping<T> {
  regionModule: Map<string, T>;
  partyGender: Map<string, T>;
  total: T;
}

const keyOf = (k: {
  region?: string | null;
  partyCode?: string | null;
  moduleCode?: string | null;
  gender?: string | null;
}) => JSON.stringify([k.region ?? null, k.partyCode ?? null, k.moduleCode ?? null, null, k.gender ?? null]);

export async function factsTruth(dbName: string) {
  const enrolmentOf = (r: Record<string, number>): EnrolmentFacts => ({
    enrolled: r.enrolled,
    confirmed: r.confirmed,
    waitlisted: r.waitlisted,
    attended: r.attended,
    completed: r.completed,
    certified: r.certified,
    women: r.women,
    declared: r.declared,
    answered: r.answered,
    applied: r.applied,
  });
  // Three scans of the facts, each on a connection of its own so they run side by side.
  const [byRegionModule, byPartyGender, scores] = await Promise.all(
    [
      enrolmentFactsSql(`p.region::text AS region, m.code AS module`, true, 'p.region, m.code'),
      enrolmentFactsSql(
        `e.party_code::text AS party, coalesce(e.gender, 'undeclared') AS gender, GROUPING(e.party_code, coalesce(e.gender, 'undeclared')) AS level`,
        false,
        `GROUPING SETS ((e.party_code, coalesce(e.gender, 'undeclared')), ())`,
      ),
      SCORE_FACTS,
    ].map(async (sql) => {
      const own = await connect(dbName);
      try {
        return await own.query(sql);
      } finally {
        await own.end();
      }
    }),
  );
  const enrolment: Grouping<EnrolmentFacts> = {
    regionModule: new Map(),
    partyGender: new Map(),
    total: undefined as never,
  };
  for (const r of byRegionModule.rows)
    enrolment.regionModule.set(keyOf({ region: r.region, moduleCode: r.module }), enrolmentOf(r));
  for (const r of byPartyGender.rows) {
    if (r.level) enrolment.total = enrolmentOf(r);
    else enrolment.partyGender.set(keyOf({ partyCode: r.party, gender: r.gender }), enrolmentOf(r));
  }
  const score: Grouping<ScoreFacts> = { regionModule: new Map(), partyGender: new Map(), total: undefined as never };
  for (const r of scores.rows) {
    const s: ScoreFacts = { assessed: r.assessed, meanPre: r.mean_pre, meanPost: r.mean_post, gain: r.gain };
    if (r.region !== null) score.regionModule.set(keyOf({ region: r.region, moduleCode: r.module }), s);
    else if (r.party !== null) score.partyGender.set(keyOf({ partyCode: r.party, gender: r.gender }), s);
    else score.total = s;
  }

  const completionRow = (e: EnrolmentFacts) => ({
    enrolled: e.enrolled,
    confirmed: e.confirmed,
    waitlisted: e.waitlisted,
    attended: e.attended,
    completed: e.completed,
    certified: e.certified,
    completionRate: e.confirmed > 0 ? e.completed / e.confirmed : 0,
    womenShare: e.declared > 0 ? e.women / e.declared : null,
  });
  const NO_ENROLMENTS: EnrolmentFacts = {
    enrolled: 0,
    confirmed: 0,
    waitlisted: 0,
    attended: 0,
    completed: 0,
    certified: 0,
    women: 0,
    declared: 0,
    answered: 0,
    applied: 0,
  };
  const NO_SCORES: ScoreFacts = { assessed: 0, meanPre: null, meanPost: null, gain: null };
  const outcomeRow = (e: EnrolmentFacts, s: ScoreFacts) => {
    const certificationRate = e.confirmed > 0 ? e.certified / e.confirmed : null;
    const applicationRate = e.answered > 0 ? e.applied / e.answered : null;
    const parts: [number, number][] = [];
    if (s.gain !== null) parts.push([Math.min(1, Math.max(0, s.gain)), WEIGHTS.gain]);
    if (certificationRate !== null) parts.push([certificationRate, WEIGHTS.certification]);
    if (applicationRate !== null) parts.push([applicationRate, WEIGHTS.application]);
    const weight = parts.reduce((a, [, w]) => a + w, 0);
    return {
      delegatesAssessed: s.assessed,
      meanPreScore: s.meanPre,
      meanPostScore: s.meanPost,
      normalizedGain: s.gain,
      certificationRate,
      applicationRate,
      capacityIndex: weight > 0 ? (100 * parts.reduce((a, [v, w]) => a + v * w, 0)) / weight : null,
      confirmed: e.confirmed,
      certified: e.certified,
      followUpsAnswered: e.answered,
      followUpsApplied: e.applied,
    };
  };
  const TOTAL = keyOf({});
  // Completion rows: groups with active enrolments; outcome rows: groups with enrolments or assessed units.
  const completion = (m: Map<string, EnrolmentFacts>) =>
    new Map([
      ...[...m].filter(([, e]) => e.enrolled > 0).map(([k, e]) => [k, completionRow(e)] as const),
      [TOTAL, completionRow(enrolment.total)] as const,
    ]);
  const outcomes = (e: Map<string, EnrolmentFacts>, s: Map<string, ScoreFacts>) => {
    const keys = new Set([
      ...[...e].filter(([, x]) => x.enrolled > 0 || x.confirmed > 0).map(([k]) => k),
      ...[...s].filter(([, x]) => x.assessed > 0).map(([k]) => k),
    ]);
    return new Map([
      ...[...keys].map((k) => [k, outcomeRow(e.get(k) ?? NO_ENROLMENTS, s.get(k) ?? NO_SCORES)] as const),
      [TOTAL, outcomeRow(enrolment.total, score.total)] as const,
    ]);
  };
  return {
    completion: { regionModule: completion(enrolment.regionModule), partyGender: completion(enrolment.partyGender) },
    outcomes: {
      regionModule: outcomes(enrolment.regionModule, score.regionModule),
      partyGender: outcomes(enrolment.partyGender, score.partyGender),
    },
  };
}

/** Every row and number of the API's answer against the truth; floats to a relative 1e-9. */
export function compare(name: string, answer: Row[], truth: Map<string, Record<string, number | null>>) {
  const problems: string[] = [];
  const seen = new Set<string>();
  answer.forEach((row, i) => {
    const key = keyOf(row.key);
    seen.add(key);
    if (i === answer.length - 1 && key !== keyOf({})) problems.push(`${name}: the last row is not the totals`);
    const expected = truth.get(key);
    if (!expected) {
      problems.push(`${name}: unexpected row ${key}`);
      return;
    }
    for (const [field, want] of Object.entries(expected)) {
      const got = row[field] as number | null;
      const equal =
        want === null || got === null ? want === got : Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
      if (!equal) problems.push(`${name} ${key} ${field}: API ${got}, SQL ${want}`);
    }
  });
  for (const key of truth.keys()) if (!seen.has(key)) problems.push(`${name}: missing row ${key}`);
  return { name, rows: answer.length, problems };
}
