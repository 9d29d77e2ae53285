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
import { fmt, pct, percentile, type BenchResult } from './support/results';
import { sampleRss, startServer, type BenchServer } from './support/server';

/**
 * P1: `enrol` over HTTP by 32 concurrent clients into 200 upcoming sessions (160 webinars, delegates enrolling
 * themselves; 40 regional workshops, focal points nominating their Party's delegates, which takes a seat at once),
 * a quarter of the webinars and all workshops small enough to fill up, so that the later requests join the waitlist.
 * Every request is a delegate × session pair never sent before (20,000 delegates with their own tokens).
 *
 * Baseline, in the same run: the same seat-taking transaction (the statements the platform sends between BEGIN and
 * COMMIT, in the same order, with the platform's own SQL for the statistics' cells and the session snapshot) sent
 * straight to PostgreSQL with `pg` by 32 clients, on a second set of 200 sessions of the same shape, so that both
 * start from empty sessions. The ratio is what HTTP, GraphQL, Nest, TypeORM, the token check and the platform's
 * reads around the transaction cost.
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
  const clients: Client[] = [];
  try {
    server = await startServer(dbName);
    db = await connect(dbName);
    const t0 = Date.now();
    const all: PartyRow[] = await parties(db);
    const delegates = await createAccounts(db, DELEGATES, 'DELEGATE', 'p1', all);
    const focal = await createAccounts(db, all.length, 'FOCAL_POINT', 'p1', all);
    const focalPoints = new Map(focal.map((f) => [f.partyCode, f]));
    const trainers = await createAccounts(db, 20, 'TRAINER', 'p1');
    const plan = { webinars: WEBINARS, workshops: WORKSHOPS, capacity, trainers };
    const apiSessions = await createSessions(db, { ...plan, tag: 'P1 API' });
    const sqlSessions = await createSessions(db, { ...plan, tag: 'P1 SQL' });
    await db.query('ANALYZE');
    process.stdout.write(
      `   data: ${fmt(delegates.length)} delegates, ${focal.length} focal points, 2 × ${apiSessions.length} sessions (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
    );

    // The baseline's 32 pg clients and the API's 32 HTTP connections, each warmed up, then measured turn about in
    // ROUNDS slices each (on a shared machine, one measured after the other would meet other conditions).
    for (let i = 0; i < CONNECTIONS; i++) {
      const c = new Client({ connectionString: databaseUrl(dbName), application_name: 'bench-p1-baseline' });
      await c.connect();
      clients.push(c);
    }
    const nextStraight = pairs(sqlSessions, delegates, focalPoints);
    const nextPair = pairs(apiSessions, delegates, focalPoints);
    const next = () => {
      const p = nextPair();
      const variables =
        p.actor.id === p.delegate.id
          ? { sessionId: p.session.id }
          : { sessionId: p.session.id, delegateId: p.delegate.id };
      return { body: JSON.stringify({ query: ENROL, variables }), token: p.actor.token };
    };
    const load = {
      url: server.url,
      connections: CONNECTIONS,
      next,
      classify: graphqlOutcome,
      expected: (o: string) => o.startsWith('CONFLICT'),
    };
    const rss = sampleRss(server.pid);
    await straight(clients, nextStraight, WARM_UP_SECONDS);
    const warm = await drive({ ...load, seconds: WARM_UP_SECONDS });
    const slice = SECONDS / ROUNDS;
    const runs = await alternate(
      ROUNDS,
      () => straight(clients, nextStraight, slice),
      () => drive({ ...load, seconds: slice }),
    );
    const base = combineStraight(runs.first);
    const api: LoadResult = combine(runs.second);
    process.stdout.write(
      `   baseline: ${fmt(base.throughput)} tx/s, p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms, ${base.errors} errors\n`,
    );
    process.stdout.write(
      `   api: ${fmt(api.throughput)} req/s, ${latencies(api)}, ${api.errors} errors (warm-up: ${fmt(warm.throughput)} req/s)\n`,
    );
    // Latency below saturation: the goal's throughput (35 % of the baseline's) offered at a steady rate.
    const goalRate = 0.35 * base.throughput;
    const atRate = await steady({ ...load, seconds: RATE_SECONDS, rate: goalRate });
    const peakRss = rss.stop();
    process.stdout.write(
      `   api at ${fmt(goalRate)} req/s offered: ${fmt(atRate.throughput)} req/s, ${latencies(atRate)}, ${atRate.errors} errors\n`,
    );
    await Promise.all(clients.splice(0).map((c) => c.end()));

    const apiCheck = await invariants(
      db,
      apiSessions.map((s) => s.id),
    );
    const sqlCheck = await invariants(
      db,
      sqlSessions.map((s) => s.id),
    );
    const ratio = api.throughput / base.throughput;
    const outcomes =
      Object.entries(api.outcomes)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ') || 'none';
    const met =
      ratio >= 0.35 && api.p99 <= 50 && invariantsHold(apiCheck) && invariantsHold(sqlCheck) && api.errors === 0;
    const p1: BenchResult = {
      id: 'P1',
      what: `enrol over HTTP, ${CONNECTIONS} clients, ${WEBINARS + WORKSHOPS} sessions, ${fmt(DELEGATES)} delegates`,
      figure: `${fmt(api.throughput)} enrolments/s; p50 ${api.p50.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms`,
      baseline: `${fmt(base.throughput)} tx/s; p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms (pg, ${CONNECTIONS} clients)`,
      ratio: pct(api.throughput, base.throughput),
      goal: '≥ 35 % of the baseline; p99 ≤ 50 ms; zero seats over capacity',
      met,
      notes: [
        `API: ${fmt(api.ok)} requests ok in ${api.seconds.toFixed(0)} s after a ${WARM_UP_SECONDS} s warm-up, ${fmt(api.errors)} errors ` +
          `(non-2xx, GraphQL errors other than a domain CONFLICT, socket errors); GraphQL errors by code: ${outcomes}`,
        `API sessions: ${describe(apiCheck)}`,
        `baseline: ${fmt(base.ok)} transactions in ${base.seconds.toFixed(0)} s (${Object.entries(base.statuses)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(', ')}), ` +
          `${base.errors} errors; the statements of EnrolmentsService.enrol between START TRANSACTION and COMMIT: session row lock, ` +
          `active-enrolment check, for workshops the region and prerequisite rules, conditional seat UPDATE or waitlist ticket, ` +
          `funded-seat count for workshops, the enrolment with its history row, the statistics' cells with OutcomeCellsService's own ` +
          `SQL, waitlist position, the nominee's account, session snapshot, outbox INSERT`,
        `baseline sessions: ${describe(sqlCheck)}`,
        `ratio ${(ratio * 100).toFixed(1)} % (goal ≥ 35 %), API p99 ${api.p99.toFixed(1)} ms (goal ≤ 50 ms); both measured turn ` +
          `about in ${ROUNDS} slices of ${slice.toFixed(0)} s each`,
        `latency at saturation is set by throughput: ${CONNECTIONS} clients each waiting for their answer keep ${CONNECTIONS} ` +
          `requests in flight, so the mean is ${CONNECTIONS} ÷ throughput (Little's law) = ${fmt((1000 * CONNECTIONS) / api.throughput)} ms ` +
          `here; a p99 ≤ 50 ms at saturation needs more than ${fmt((1000 * CONNECTIONS) / 50)} enrolments/s`,
        `below saturation, at a steady ${fmt(goalRate)} requests/s offered (35 % of the baseline, open loop, ${RATE_SECONDS} s): ` +
          `${fmt(atRate.throughput)} ok/s, p50 ${atRate.p50.toFixed(1)} ms, p99 ${atRate.p99.toFixed(1)} ms, ${fmt(atRate.errors)} errors`,
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
        `sampled every 100 ms from P1's warm-up to its last request (saturation and steady rate), API started with ` +
          `PROCESS_ROLE=api, NODE_ENV=production`,
      ],
    };
    return [p1, p6];
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await db?.end().catch(() => undefined);
    await server?.stop();
    await dropDatabase(dbName);
  }
}
