import { Client } from 'pg';
import { OutboxEventType } from '@lib/queue';
import { OutcomeCellsService } from '../src/outcomes/outcome-cells.service';
import { SessionsService } from '../src/sessions/sessions.service';
import {
  createAccounts,
  createSessions,
  parties,
  shuffled,
  type Account,
  type PartyRow,
  type SessionRow,
} from './support/bench-data';
import { connect, databaseUrl, dropDatabase, freshDatabaseName } from './support/database';
import { alternate, combine, drive, graphqlOutcome, latencies, steady, type LoadResult } from './support/load';
import { SeatTransactionBench, type SeatBaseline } from './support/pgbench';
import { fmt, pct, percentile, type BenchResult } from './support/results';
import { sampleRss, startServer, type BenchServer } from './support/server';

/**
 * P1: `enrol` over HTTP by 32 concurrent clients into 200 upcoming sessions (160 webinars, delegates enrolling
 * themselves; 40 regional workshops, focal points nominating their Party's delegates, which takes a seat at once),
 * a quarter of the webinars and all workshops small enough to fill up, so that the later requests join the waitlist.
 * Every request is a delegate × session pair never sent before (20,000 delegates with their own tokens).
 *
 * Baselines, in the same run and measured turn about with the API:
 * - the machine's limit (issue #17): pgbench's smallest seat-taking transaction (conditional UPDATE + INSERT) by 32
 *   clients on the same server (bench/support/pgbench.ts). The goal is a share of it: how far the enrolment's design
 *   is from what the machine can do;
 * - the replay: the seat-taking transaction as the platform sent it before issue #17 (its statements between BEGIN and
 *   COMMIT, in order, with the platform's own SQL for the statistics' cells and the session snapshot) straight to
 *   PostgreSQL with `pg` by 32 clients, on a second set of 200 sessions of the same shape. The ratio is what HTTP,
 *   GraphQL, Nest, the token check and the platform's reads around the transaction cost over those statements.
 *
 * Then issue #17's two loads (100 delegates × 80 webinars of large capacity in any order; 500 delegates into one
 * 20-seat webinar at once), and everything again against the default all-in-one start (PROCESS_ROLE=all: the workers
 * relaying the outbox and writing the confirmations in the API's process).
 *
 * P6 (API half): the API process's peak resident memory while it serves P1's load (warm-up included).
 */
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 4);
/** The measured seconds of each are taken in this many slices, turn about with the other's. */
const ROUNDS = 5;
/** Seconds of the steady-rate run (latency below saturation). */
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const DELEGATES = 20_000;
const WEBINARS = 160;
const WORKSHOPS = 40;
const MB = 1_000_000;
/** Issue #17's goal: a share of pgbench's seat transaction, and the p99 at half the rate reached. */
const GOAL_PERCENT = 25;
const GOAL_P99_MS = 100;
/** Issue #17's loads. */
const WEBINAR_DELEGATES = 100;
const LARGE_WEBINARS = 80;
const OPENING_DELEGATES = 500;
const OPENING_SEATS = 20;

const ENROL = `mutation Enrol($sessionId: ID!, $delegateId: ID) {
  enrol(sessionId: $sessionId, delegateId: $delegateId) { id status funded waitlistPosition }
}`;

interface Pair {
  session: SessionRow;
  delegate: Account;
  /** Who sends the request: the delegate (webinar) or their Party's focal point (workshop nomination). */
  actor: Account;
}

/**
 * Endless fresh pairs: sessions in a shuffled round, each with its own cursor over the delegates who may enrol in
 * it (anyone for a webinar, the workshop's region for a workshop), starting at a different place per session.
 */
function pairs(sessions: SessionRow[], delegates: Account[], focalPoints: Map<string, Account>): () => Pair {
  const order = shuffled(sessions, 7);
  const byRegion = new Map<string, Account[]>();
  for (const d of delegates) byRegion.set(d.region, [...(byRegion.get(d.region) ?? []), d]);
  const pools = order.map((s, i) => {
    const pool = s.kind === 'WORKSHOP' ? byRegion.get(s.region!)! : delegates;
    return { pool, cursor: (i * 7919) % pool.length, used: 0 };
  });
  let n = 0;
  return () => {
    const k = n++ % order.length;
    const p = pools[k];
    if (p.used++ >= p.pool.length) throw new Error('P1 ran out of fresh delegate × session pairs');
    const delegate = p.pool[p.cursor++ % p.pool.length];
    const session = order[k];
    const actor = session.kind === 'WORKSHOP' ? focalPoints.get(delegate.partyCode)! : delegate;
    return { session, delegate, actor };
  };
}

// ---- the baseline: the platform's enrol transaction, statement for statement, over pg ----

const LOCK_SESSION = `SELECT * FROM training_session WHERE id = $1 LIMIT 1 FOR UPDATE`;
const FIND_ACTIVE = `SELECT * FROM enrolment WHERE session_id = $1 AND delegate_id = $2 AND NOT (status IN ($3, $4, $5)) LIMIT 1`;
const TAKE_SEAT = `UPDATE training_session SET seats_taken = seats_taken + 1, updated_at = CURRENT_TIMESTAMP
                    WHERE id = $1 AND seats_taken < capacity`;
const DRAW_TICKET = `UPDATE training_session SET waitlist_tickets = waitlist_tickets + 1, updated_at = CURRENT_TIMESTAMP
                      WHERE id = $1 RETURNING waitlist_tickets`;
const FIND_PARTY = `SELECT * FROM party WHERE code = $1 LIMIT 1`;
const FUNDED_USED = `SELECT count(*)::int AS used FROM enrolment
                      WHERE session_id = $1 AND party_code = $2 AND funded AND status IN ('CONFIRMED', 'ATTENDED', 'COMPLETED')`;
const MISSING_PREREQUISITES = `SELECT m.* FROM session_prerequisite p JOIN thematic_module m ON m.id = p.module_id
  WHERE p.session_id = $1 AND NOT EXISTS (
    SELECT 1 FROM enrolment e JOIN training_session w ON w.id = e.session_id AND w.kind = 'WEBINAR'
      JOIN session_module wm ON wm.session_id = w.id AND wm.module_id = p.module_id
     WHERE e.delegate_id = $2 AND e.status IN ('ATTENDED', 'COMPLETED'))
  ORDER BY m.code`;
const CREATE_ENROLMENT = `WITH e AS (
    INSERT INTO enrolment (session_id, delegate_id, party_code, gender, status, funded, waitlist_ticket,
                           endorsed_by_id, endorsed_at, created_by_id, status_changed_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *),
  h AS (
    INSERT INTO enrolment_change (enrolment_id, from_status, to_status, by_id, reason, at)
    SELECT e.id, NULL, e.status::text::enrolment_change_to_status_enum, $12::uuid, $13::text, e.created_at FROM e)
  SELECT * FROM e`;
const POSITION = `SELECT count(*)::int AS position FROM enrolment
                   WHERE session_id = $1 AND status = 'WAITLISTED' AND waitlist_ticket <= $2`;
const USER_BY_ID = `SELECT * FROM app_user WHERE id = ANY($1::uuid[])`;
const INSERT_OUTBOX = `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4) RETURNING id`;
const FUNDABLE = new Set(['DEVELOPING', 'ECONOMY_IN_TRANSITION']);

const recipient = (u: Account) => ({
  userId: u.id,
  email: u.email,
  fullName: u.fullName,
  language: 'EN',
  timeZone: u.timeZone,
  partyCode: u.partyCode,
});

/** One enrolment as EnrolmentsService.enrol's transaction makes it (SeatsService, OutcomeCellsService, events). */
async function enrolStraight(c: Client, pair: Pair): Promise<string> {
  const tx = { query: async (text: string, params?: unknown[]) => (await c.query(text, params)).rows };
  const { session, delegate, actor } = pair;
  const nominated = actor.id !== delegate.id;
  await c.query('START TRANSACTION');
  try {
    const [locked] = (await c.query(LOCK_SESSION, [session.id])).rows;
    if (locked.status !== 'SCHEDULED' || new Date(locked.starts_at).getTime() <= Date.now())
      throw new Error('not open');
    const again = await c.query(FIND_ACTIVE, [session.id, delegate.id, 'CANCELLED', 'DECLINED', 'EXPIRED']);
    if (again.rows.length) throw new Error('enrolled twice');
    if (locked.kind === 'WORKSHOP') {
      const [party] = (await c.query(FIND_PARTY, [delegate.partyCode])).rows;
      if (party.region !== locked.region) throw new Error('not in region');
      if ((await c.query(MISSING_PREREQUISITES, [session.id, delegate.id])).rows.length)
        throw new Error('prerequisite missing');
    }
    let status: 'CONFIRMED' | 'WAITLISTED';
    let funded = false;
    let ticket: number | null = null;
    if ((await c.query(TAKE_SEAT, [session.id])).rowCount === 1) {
      status = 'CONFIRMED';
      if (locked.kind === 'WORKSHOP' && locked.funded_seats_per_party >= 1) {
        const [party] = (await c.query(FIND_PARTY, [delegate.partyCode])).rows;
        if (party && FUNDABLE.has(party.status)) {
          const [{ used }] = (await c.query(FUNDED_USED, [session.id, delegate.partyCode])).rows;
          funded = used < locked.funded_seats_per_party;
        }
      }
    } else {
      status = 'WAITLISTED';
      ticket = Number((await c.query(DRAW_TICKET, [session.id])).rows[0].waitlist_tickets);
    }
    const endorsed = locked.kind === 'WORKSHOP' && nominated;
    const now = new Date();
    const [row] = (
      await c.query(CREATE_ENROLMENT, [
        session.id,
        delegate.id,
        delegate.partyCode,
        delegate.gender,
        status,
        funded,
        ticket,
        endorsed ? actor.id : null,
        endorsed ? now : null,
        actor.id,
        now,
        actor.id,
        nominated ? 'nominated' : 'enrolled',
      ])
    ).rows;
    await OutcomeCellsService.prototype.refresh.call(undefined, tx as never, [
      { sessionId: session.id, partyCode: delegate.partyCode, gender: delegate.gender },
    ]);
    const position = status === 'WAITLISTED' ? (await c.query(POSITION, [session.id, ticket])).rows[0].position : null;
    if (nominated) await c.query(USER_BY_ID, [[delegate.id]]);
    const snapshot = await SessionsService.prototype.snapshot.call(undefined, tx as never, session.id);
    await c.query(INSERT_OUTBOX, [
      status === 'CONFIRMED' ? OutboxEventType.ENROLMENT_CONFIRMED : OutboxEventType.ENROLMENT_WAITLISTED,
      'ENROLMENT',
      row.id,
      JSON.stringify({
        enrolment: { id: row.id, status, funded: row.funded, waitlistPosition: position },
        delegate: recipient(delegate),
        session: status === 'CONFIRMED' ? snapshot : { ...snapshot, joinUrl: null },
        by: { userId: actor.id, fullName: actor.fullName },
      }),
    ]);
    await c.query('COMMIT');
    return status;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

interface StraightResult {
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  latenciesMs: number[];
}

function combineStraight(runs: StraightResult[]): StraightResult {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const latenciesMs = runs.flatMap((r) => r.latenciesMs);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return {
    ok: latenciesMs.length,
    errors: runs.reduce((a, r) => a + r.errors, 0),
    statuses,
    seconds,
    throughput: latenciesMs.length / seconds,
    p50: percentile(latenciesMs, 50),
    p99: percentile(latenciesMs, 99),
    latenciesMs,
  };
}

/** `clients` connections, each sending one transaction after another until time is up. */
async function straight(clients: Client[], next: () => Pair, seconds: number): Promise<StraightResult> {
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < until) {
        const pair = next();
        const start = performance.now();
        try {
          const status = await enrolStraight(c, pair);
          statuses[status] = (statuses[status] ?? 0) + 1;
          latenciesMs.push(performance.now() - start);
        } catch (err) {
          errors++;
          if (errors <= 3) process.stdout.write(`   baseline error: ${(err as Error).message}\n`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return {
    ok: latenciesMs.length,
    errors,
    statuses,
    seconds: elapsed,
    throughput: latenciesMs.length / elapsed,
    p50: percentile(latenciesMs, 50),
    p99: percentile(latenciesMs, 99),
    latenciesMs,
  };
}

// ---- checks ----

interface Invariants {
  overCapacity: number;
  seatsMismatch: number;
  freeSeatWithWaitlist: number;
  doubleActive: number;
  enrolments: number;
  confirmed: number;
  waitlisted: number;
  fullSessions: number;
}

/** Every session of the run: seats never over capacity, seats_taken = seat holders, no free seat while some wait. */
async function invariants(db: Client, sessionIds: string[]): Promise<Invariants> {
  const [row] = (
    await db.query(
      `WITH s AS (
         SELECT t.id, t.capacity, t.seats_taken,
                (SELECT count(*) FROM enrolment e WHERE e.session_id = t.id AND e.status IN ('CONFIRMED', 'ATTENDED', 'COMPLETED'))::int AS holders,
                (SELECT count(*) FROM enrolment e WHERE e.session_id = t.id AND e.status = 'WAITLISTED')::int AS waiting
           FROM training_session t WHERE t.id = ANY($1::uuid[]))
       SELECT count(*) FILTER (WHERE holders > capacity OR seats_taken > capacity)::int AS over_capacity,
              count(*) FILTER (WHERE holders <> seats_taken)::int AS seats_mismatch,
              count(*) FILTER (WHERE waiting > 0 AND seats_taken < capacity)::int AS free_seat_with_waitlist,
              count(*) FILTER (WHERE seats_taken = capacity)::int AS full_sessions,
              coalesce(sum(holders), 0)::int AS confirmed, coalesce(sum(waiting), 0)::int AS waitlisted,
              (SELECT count(*) FROM (SELECT 1 FROM enrolment WHERE session_id = ANY($1::uuid[])
                 AND status NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED') GROUP BY session_id, delegate_id HAVING count(*) > 1) d)::int AS double_active,
              (SELECT count(*) FROM enrolment WHERE session_id = ANY($1::uuid[]))::int AS enrolments
         FROM s`,
      [sessionIds],
    )
  ).rows;
  return {
    overCapacity: row.over_capacity,
    seatsMismatch: row.seats_mismatch,
    freeSeatWithWaitlist: row.free_seat_with_waitlist,
    doubleActive: row.double_active,
    enrolments: row.enrolments,
    confirmed: row.confirmed,
    waitlisted: row.waitlisted,
    fullSessions: row.full_sessions,
  };
}

const invariantsHold = (i: Invariants) =>
  i.overCapacity === 0 && i.seatsMismatch === 0 && i.freeSeatWithWaitlist === 0 && i.doubleActive === 0;

const describe = (i: Invariants) =>
  `${fmt(i.enrolments)} enrolments (${fmt(i.confirmed)} confirmed, ${fmt(i.waitlisted)} waitlisted), ${i.fullSessions} sessions full; ` +
  `over capacity: ${i.overCapacity}, seats_taken ≠ seat holders: ${i.seatsMismatch}, free seat while waitlisted: ` +
  `${i.freeSeatWithWaitlist}, two active enrolments of one delegate: ${i.doubleActive}`;

/**
 * Capacities: every fourth webinar 8 seats and every workshop 12 (one funded seat per Party), which fill up within
 * the run so that later requests join the waitlist; the other webinars 400.
 */
const capacity = (kind: 'WEBINAR' | 'WORKSHOP', i: number) => (kind === 'WORKSHOP' ? 12 : i % 4 === 0 ? 8 : 400);

export async function run(): Promise<BenchResult[]> {
  const dbName = await freshDatabaseName('p1');
  let server: BenchServer | undefined;
  let db: Client | undefined;
  let seat: SeatTransactionBench | undefined;
  const clients: Client[] = [];
  try {
    server = await startServer(dbName);
    db = await connect(dbName);
    seat = await SeatTransactionBench.prepare(WEBINARS + WORKSHOPS);
    const t0 = Date.now();
    const all: PartyRow[] = await parties(db);
    const delegates = await createAccounts(db, DELEGATES, 'DELEGATE', 'p1', all);
    const focal = await createAccounts(db, all.length, 'FOCAL_POINT', 'p1', all);
    const focalPoints = new Map(focal.map((f) => [f.partyCode, f]));
    const trainers = await createAccounts(db, 20, 'TRAINER', 'p1');
    const plan = { webinars: WEBINARS, workshops: WORKSHOPS, capacity, trainers };
    const apiSessions = await createSessions(db, { ...plan, tag: 'P1 API' });
    const sqlSessions = await createSessions(db, { ...plan, tag: 'P1 SQL' });
    const allInOneSessions = await createSessions(db, { ...plan, tag: 'P1 ALL' });
    // Issue #17's two loads, a set for each way of starting the server: the first webinar is the 20-seat opening,
    // the others have room for everyone.
    const issuePlan = {
      webinars: LARGE_WEBINARS + 1,
      workshops: 0,
      capacity: (_kind: string, i: number) => (i === 0 ? OPENING_SEATS : 100_000),
      trainers,
    };
    const apiIssue = await createSessions(db, { ...issuePlan, tag: 'P1 API #17' });
    const allInOneIssue = await createSessions(db, { ...issuePlan, tag: 'P1 ALL #17' });
    await db.query('ANALYZE');
    process.stdout.write(
      `   data: ${fmt(delegates.length)} delegates, ${focal.length} focal points, 3 × ${apiSessions.length} + 2 × ${apiIssue.length} sessions (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
    );

    // The baseline's 32 pg clients, the API's 32 HTTP connections and pgbench's 32 clients, each warmed up, then
    // measured turn about in ROUNDS slices each (on a shared machine, one measured after the other would meet other
    // conditions).
    for (let i = 0; i < CONNECTIONS; i++) {
      const c = new Client({ connectionString: databaseUrl(dbName), application_name: 'bench-p1-baseline' });
      await c.connect();
      clients.push(c);
    }
    const nextStraight = pairs(sqlSessions, delegates, focalPoints);
    const mixedLoad = (url: string, sessions: SessionRow[]) => ({
      url,
      connections: CONNECTIONS,
      next: requests(pairs(sessions, delegates, focalPoints)),
      classify: graphqlOutcome,
      expected: (o: string) => o.startsWith('CONFLICT'),
    });
    const load = mixedLoad(server.url, apiSessions);
    const rss = sampleRss(server.pid);
    await straight(clients, nextStraight, WARM_UP_SECONDS);
    const warm = await drive({ ...load, seconds: WARM_UP_SECONDS });
    await seat.measure(CONNECTIONS, WARM_UP_SECONDS / 2);
    seat.take();
    const slice = SECONDS / ROUNDS;
    const apiRuns: LoadResult[] = [];
    const straightRuns: StraightResult[] = [];
    const steps = [
      async () => void straightRuns.push(await straight(clients, nextStraight, slice)),
      async () => void apiRuns.push(await drive({ ...load, seconds: slice })),
      () => seat!.measure(CONNECTIONS, slice),
    ];
    // Which goes first rotates too.
    for (let i = 0; i < ROUNDS; i++) for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]();
    const base = combineStraight(straightRuns);
    const api: LoadResult = combine(apiRuns);
    const machine = seat.take();
    process.stdout.write(
      `   pgbench seat transaction: ${fmt(machine.throughput)} tx/s, p50 ${machine.p50.toFixed(1)} ms, p99 ${machine.p99.toFixed(1)} ms\n`,
    );
    process.stdout.write(
      `   replay baseline: ${fmt(base.throughput)} tx/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms, ${base.errors} errors\n`,
    );
    process.stdout.write(
      `   api: ${fmt(api.throughput)} req/s (${pct(api.throughput, machine.throughput)} of pgbench, ${pct(api.throughput, base.throughput)} of the replay), ` +
        `${latencies(api)}, ${api.errors} errors (warm-up: ${fmt(warm.throughput)} req/s)\n`,
    );
    // Latency below saturation: half the rate reached, offered at a steady rate (open loop).
    const atRate = await steady({ ...load, seconds: RATE_SECONDS, rate: api.throughput / 2 });
    process.stdout.write(
      `   api at ${fmt(api.throughput / 2)} req/s offered: ${fmt(atRate.throughput)} req/s, ${latencies(atRate)}, ${atRate.errors} errors\n`,
    );
    const apiIssueResult = await issueLoads(server.url, apiIssue, delegates, 'api');
    const peakRss = rss.stop();
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await server.stop();
    server = undefined;

    // The default start (npm start: PROCESS_ROLE=all): the same API with the workers in its process, relaying the
    // outbox and writing the confirmations. The events of the API-only run are marked dispatched first, so this run's
    // workers send this run's messages only.
    await db.query(`UPDATE outbox_event SET dispatched_at = now() WHERE dispatched_at IS NULL`);
    server = await startServer(dbName, { PROCESS_ROLE: 'all' });
    const allLoad = mixedLoad(server.url, allInOneSessions);
    const allWarm = await drive({ ...allLoad, seconds: WARM_UP_SECONDS });
    const allRuns = await alternate(
      ROUNDS,
      () => drive({ ...allLoad, seconds: slice }),
      () => seat!.measure(CONNECTIONS, slice),
    );
    const allInOne = combine(allRuns.first);
    const machineAll = seat.take();
    process.stdout.write(
      `   all-in-one: ${fmt(allInOne.throughput)} req/s (${pct(allInOne.throughput, machineAll.throughput)} of pgbench at ${fmt(machineAll.throughput)} tx/s), ` +
        `${latencies(allInOne)}, ${allInOne.errors} errors (warm-up: ${fmt(allWarm.throughput)} req/s)\n`,
    );
    const allAtRate = await steady({ ...allLoad, seconds: RATE_SECONDS, rate: allInOne.throughput / 2 });
    process.stdout.write(
      `   all-in-one at ${fmt(allInOne.throughput / 2)} req/s offered: ${fmt(allAtRate.throughput)} req/s, ${latencies(allAtRate)}, ${allAtRate.errors} errors\n`,
    );
    const allIssueResult = await issueLoads(server.url, allInOneIssue, delegates, 'all-in-one');
    const [{ sent }] = (
      await db.query(`SELECT count(*) FILTER (WHERE dispatched_at IS NOT NULL)::int AS sent FROM outbox_event`)
    ).rows;

    const check = async (sessions: SessionRow[]) =>
      invariants(
        db!,
        sessions.map((s) => s.id),
      );
    const apiCheck = await check(apiSessions);
    const sqlCheck = await check(sqlSessions);
    const allCheck = await check(allInOneSessions);
    const issueChecks = [await check(apiIssue), await check(allInOneIssue)];
    const ratio = api.throughput / machine.throughput;
    const allRatio = allInOne.throughput / machineAll.throughput;
    const outcomes = (r: LoadResult) =>
      Object.entries(r.outcomes)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ') || 'none';
    const checksHold =
      invariantsHold(apiCheck) &&
      invariantsHold(sqlCheck) &&
      invariantsHold(allCheck) &&
      issueChecks.every(invariantsHold) &&
      apiIssueResult.openingHolds &&
      allIssueResult.openingHolds;
    const goal = `≥ ${GOAL_PERCENT} % of pgbench's seat transaction; at half that rate offered, p99 ≤ ${GOAL_P99_MS} ms; invariants hold`;
    const meets = (r: number, atHalf: LoadResult, errors: number) =>
      r * 100 >= GOAL_PERCENT && atHalf.p99 <= GOAL_P99_MS && errors === 0 && checksHold;
    const machineFigure = (m: SeatBaseline) =>
      `${fmt(m.throughput)} tx/s; p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms (pgbench seat transaction, ${CONNECTIONS} clients)`;
    const p1: BenchResult = {
      id: 'P1',
      what: `enrol over HTTP, API alone (PROCESS_ROLE=api), ${CONNECTIONS} clients, ${WEBINARS + WORKSHOPS} sessions, ${fmt(DELEGATES)} delegates`,
      figure:
        `${fmt(api.throughput)} enrolments/s; p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms; ` +
        `at ${fmt(api.throughput / 2)}/s offered p99 ${atRate.p99.toFixed(1)} ms`,
      baseline: machineFigure(machine),
      ratio: pct(api.throughput, machine.throughput),
      goal,
      met: meets(ratio, atRate, api.errors + atRate.errors),
      notes: [
        `API: ${fmt(api.ok)} requests ok in ${api.seconds.toFixed(0)} s after a ${WARM_UP_SECONDS} s warm-up, ${fmt(api.errors)} errors ` +
          `(non-2xx, GraphQL errors other than a domain CONFLICT, socket errors); GraphQL errors by code: ${outcomes(api)}`,
        `API sessions: ${describe(apiCheck)}`,
        `machine limit (issue #17): pgbench, ${CONNECTIONS} clients, simple protocol, same server, a scratch database of two bare ` +
          `tables (${WEBINARS + WORKSHOPS} sessions of unbounded capacity): BEGIN; UPDATE seat_session SET seats_taken = seats_taken + 1 ` +
          `WHERE id = :s AND seats_taken < capacity; INSERT INTO seat_enrolment …; COMMIT — ${fmt(machine.transactions)} transactions ` +
          `in ${machine.seconds.toFixed(0)} s; ratio ${(ratio * 100).toFixed(1)} % (goal ≥ ${GOAL_PERCENT} %)`,
        `replay baseline (the enrolment's own statements over pg): ${fmt(base.throughput)} tx/s; p50 ${base.p50.toFixed(1)} ms, ` +
          `p99 ${base.p99.toFixed(1)} ms; API ${pct(api.throughput, base.throughput)} of it; replay ${pct(base.throughput, machine.throughput)} of pgbench. ` +
          `${fmt(base.ok)} transactions in ${base.seconds.toFixed(0)} s (${Object.entries(base.statuses)
            .map(([k, v]) => `${k} ${fmt(v)}`)
            .join(', ')}), ` +
          `${base.errors} errors; the statements EnrolmentsService.enrol sent between START TRANSACTION and COMMIT before issue #17: session row lock, ` +
          `active-enrolment check, for workshops the region and prerequisite rules, conditional seat UPDATE or waitlist ticket, ` +
          `funded-seat count for workshops, the enrolment with its history row, the statistics' cells with OutcomeCellsService's own ` +
          `SQL, waitlist position, the nominee's account, session snapshot, outbox INSERT`,
        `replay sessions: ${describe(sqlCheck)}`,
        `replay, API and pgbench measured turn about in ${ROUNDS} slices of ${slice.toFixed(0)} s each`,
        `latency at saturation is set by throughput: ${CONNECTIONS} clients each waiting for their answer keep ${CONNECTIONS} ` +
          `requests in flight, so the mean is ${CONNECTIONS} ÷ throughput (Little's law) = ${fmt((1000 * CONNECTIONS) / api.throughput)} ms here`,
        `below saturation, at a steady ${fmt(api.throughput / 2)} requests/s offered (half the rate reached, open loop, ${RATE_SECONDS} s): ` +
          `${fmt(atRate.throughput)} ok/s, p50 ${atRate.p50.toFixed(1)} ms, p99 ${atRate.p99.toFixed(1)} ms, ${fmt(atRate.errors)} errors`,
        ...apiIssueResult.notes(machine.throughput),
        `issue #17 sessions: ${describe(issueChecks[0])}`,
      ],
    };
    const p1All: BenchResult = {
      id: 'P1',
      what: `enrol over HTTP, all-in-one (npm start's PROCESS_ROLE=all: workers relaying and mailing in the API's process), same load`,
      figure:
        `${fmt(allInOne.throughput)} enrolments/s; p50 ${allInOne.p50.toFixed(1)} ms, p99 ${allInOne.p99.toFixed(1)} ms; ` +
        `at ${fmt(allInOne.throughput / 2)}/s offered p99 ${allAtRate.p99.toFixed(1)} ms`,
      baseline: machineFigure(machineAll),
      ratio: pct(allInOne.throughput, machineAll.throughput),
      goal,
      met: meets(allRatio, allAtRate, allInOne.errors + allAtRate.errors),
      notes: [
        `all-in-one: ${fmt(allInOne.ok)} requests ok in ${allInOne.seconds.toFixed(0)} s after a ${WARM_UP_SECONDS} s warm-up, ` +
          `${fmt(allInOne.errors)} errors; GraphQL errors by code: ${outcomes(allInOne)}; measured turn about with pgbench in ${ROUNDS} slices`,
        `all-in-one sessions: ${describe(allCheck)}`,
        `below saturation, at a steady ${fmt(allInOne.throughput / 2)} requests/s offered (open loop, ${RATE_SECONDS} s): ` +
          `${fmt(allAtRate.throughput)} ok/s, p50 ${allAtRate.p50.toFixed(1)} ms, p99 ${allAtRate.p99.toFixed(1)} ms, ${fmt(allAtRate.errors)} errors`,
        ...allIssueResult.notes(machineAll.throughput),
        `issue #17 sessions: ${describe(issueChecks[1])}`,
        `outbox: ${fmt(sent)} events relayed to the queues by the end of the run (the API-only run's marked dispatched before the start)`,
      ],
    };
    const p6: BenchResult = {
      id: 'P6',
      what: 'API resident memory under P1',
      figure: `${fmt(peakRss / MB)} MB peak RSS`,
      baseline: '—',
      ratio: '—',
      goal: '≤ 250 MB',
      met: peakRss <= 250 * MB,
      notes: [
        `sampled every 100 ms from P1's warm-up to its last request of the API-only run (saturation, steady rate, issue ` +
          `#17's loads), API started with PROCESS_ROLE=api, NODE_ENV=production`,
      ],
    };
    return [p1, p1All, p6];
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await db?.end().catch(() => undefined);
    await server?.stop();
    await seat?.drop();
    await dropDatabase(dbName);
  }
}

/** The enrol mutation of a pair, sent by its actor. */
const requests = (nextPair: () => Pair) => () => {
  const p = nextPair();
  const variables =
    p.actor.id === p.delegate.id ? { sessionId: p.session.id } : { sessionId: p.session.id, delegateId: p.delegate.id };
  return { body: JSON.stringify({ query: ENROL, variables }), token: p.actor.token };
};

/**
 * Issue #17's loads on one server: every one of WEBINAR_DELEGATES delegates into every one of LARGE_WEBINARS
 * webinars of large capacity, in a shuffled order, by 32 connections (closed loop, until all are done); then a
 * registration opening: OPENING_DELEGATES delegates into one OPENING_SEATS-seat webinar, every request sent at once.
 */
async function issueLoads(url: string, sessions: SessionRow[], delegates: Account[], label: string) {
  const [opening, ...large] = sessions;
  const all = shuffled(
    large.flatMap((session) => delegates.slice(0, WEBINAR_DELEGATES).map((delegate) => ({ session, delegate }))),
    17,
  );
  let i = 0;
  const next = requests(() => {
    const { session, delegate } = all[i++ % all.length];
    return { session, delegate, actor: delegate };
  });
  const base = { url, classify: graphqlOutcome, expected: (o: string) => o.startsWith('CONFLICT') };
  const webinars = await drive({ ...base, connections: CONNECTIONS, seconds: 600, amount: all.length, next });
  process.stdout.write(
    `   ${label}, ${WEBINAR_DELEGATES} delegates × ${LARGE_WEBINARS} webinars: ${fmt(webinars.throughput)} req/s, ${latencies(webinars)}, ${webinars.errors} errors\n`,
  );
  let k = 0;
  const openingNext = requests(() => {
    const delegate = delegates[WEBINAR_DELEGATES + k++];
    return { session: opening, delegate, actor: delegate };
  });
  // Open loop at a rate no server meets: every request is due at once, and its latency counts from then.
  const burst = await steady({
    ...base,
    connections: OPENING_DELEGATES,
    rate: 1_000_000,
    seconds: 0,
    amount: OPENING_DELEGATES,
    next: openingNext,
  });
  const seconds = burst.seconds;
  process.stdout.write(
    `   ${label}, opening (${OPENING_DELEGATES} into ${OPENING_SEATS} seats at once): all answered in ${seconds.toFixed(2)} s ` +
      `(${fmt(burst.ok / seconds)} req/s), ${latencies(burst)}, ${burst.errors} errors\n`,
  );
  return {
    openingHolds: burst.ok === OPENING_DELEGATES && webinars.ok === all.length,
    notes: (machine: number) => [
      `issue #17, ${WEBINAR_DELEGATES} delegates × ${LARGE_WEBINARS} webinars of large capacity, shuffled, ${CONNECTIONS} connections: ` +
        `${fmt(webinars.ok)} of ${fmt(all.length)} ok in ${webinars.seconds.toFixed(1)} s = ${fmt(webinars.throughput)} enrolments/s ` +
        `(${pct(webinars.throughput, machine)} of pgbench), p50 ${webinars.p50.toFixed(1)} ms, p99 ${webinars.p99.toFixed(1)} ms, ` +
        `${fmt(webinars.errors)} errors`,
      `issue #17, a registration opening: ${OPENING_DELEGATES} delegates into one ${OPENING_SEATS}-seat webinar, every request ` +
        `sent at once over its own connection: ${fmt(burst.ok)} ok in ${seconds.toFixed(2)} s (${fmt(burst.ok / seconds)} enrolments/s), ` +
        `p50 ${burst.p50.toFixed(1)} ms, p99 ${burst.p99.toFixed(1)} ms from the moment all were sent, ${fmt(burst.errors)} errors`,
    ],
  };
}
