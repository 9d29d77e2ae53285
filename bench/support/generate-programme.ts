import type { Client } from 'pg';

/**
 * A programme of the size the statistics must stand up to (issue #6, P3), written straight into the tables the
 * entities define, in a handful of set-based statements (INSERT … SELECT over generate_series, no round trip per
 * row): delegates of every Party, sessions over the modules (mostly past and completed), enrolments in every
 * status, pre- and post-course attempts, certificates (some revoked) and follow-up answers.
 *
 * It keeps the platform's rules: one active enrolment per delegate and session (each session's delegates are
 * distinct), workshop delegates from the workshop's region only, seats taken = CONFIRMED + ATTENDED + COMPLETED and
 * never over capacity, a waitlist only in a session that is full (tickets unique per session), COMPLETED = ATTENDED
 * with a best post-course score at the pass mark in every module of the session (ATTENDED: not in all of them),
 * one pre-course attempt per delegate and module, post-course attempts numbered 1–3 per delegate, session and
 * module, one certificate per COMPLETED enrolment (unique code), follow-ups only for attendees of sessions completed
 * over 90 days ago, at most one per enrolment, funded seats at most one per DEVELOPING/EIT Party per workshop.
 * What it leaves out: enrolment history rows and outbox events (the statistics do not read them). The statistics'
 * read model is NOT touched: the caller rebuilds it (OutcomeCellsService.rebuildAll).
 */
export interface ProgrammeSize {
  /** Sessions in the database afterwards (the demo seed's included). */
  sessions: number;
  /** Enrolments in the database afterwards (the demo seed's included). */
  enrolments: number;
  delegates: number;
  /** Seed of the plan (sessions, sizes, status counts); the per-row draws use PostgreSQL's random(). */
  seed?: number;
}

export interface GeneratedProgramme {
  counts: Record<string, number>;
  /** Milliseconds per step. */
  timings: Record<string, number>;
}

type Phase = 'done' | 'open' | 'future' | 'cancelled';
type Kind = 'WEBINAR' | 'WORKSHOP';

/**
 * Share of each status among a session's enrolments, by kind and phase. Listed in the order the enrolments are
 * numbered: the seat holders first, the waitlist last (the latest to enrol), so waitlist tickets follow enrolment
 * order. `done` = completed by its trainer (CONFIRMED turned NO_SHOW); `open` = started, attendance being recorded.
 */
const MIX: Record<Kind, Record<Phase, [string, number][]>> = {
  WEBINAR: {
    done: [
      ['COMPLETED', 0.55],
      ['ATTENDED', 0.2],
      ['NO_SHOW', 0.15],
      ['CANCELLED', 0.07],
      ['WAITLISTED', 0.03],
    ],
    open: [
      ['COMPLETED', 0.2],
      ['ATTENDED', 0.4],
      ['CONFIRMED', 0.25],
      ['NO_SHOW', 0.05],
      ['CANCELLED', 0.07],
      ['WAITLISTED', 0.03],
    ],
    future: [
      ['CONFIRMED', 0.87],
      ['CANCELLED', 0.08],
      ['WAITLISTED', 0.05],
    ],
    cancelled: [['CANCELLED', 1]],
  },
  WORKSHOP: {
    done: [
      ['COMPLETED', 0.55],
      ['ATTENDED', 0.22],
      ['NO_SHOW', 0.07],
      ['DECLINED', 0.06],
      ['CANCELLED', 0.05],
      ['PENDING_ENDORSEMENT', 0.01],
      ['WAITLISTED', 0.04],
    ],
    open: [
      ['COMPLETED', 0.15],
      ['ATTENDED', 0.45],
      ['CONFIRMED', 0.2],
      ['NO_SHOW', 0.04],
      ['DECLINED', 0.06],
      ['CANCELLED', 0.05],
      ['PENDING_ENDORSEMENT', 0.01],
      ['WAITLISTED', 0.04],
    ],
    future: [
      ['CONFIRMED', 0.62],
      ['PENDING_ENDORSEMENT', 0.15],
      ['DECLINED', 0.05],
      ['CANCELLED', 0.1],
      ['WAITLISTED', 0.08],
    ],
    cancelled: [
      ['CANCELLED', 0.9],
      ['DECLINED', 0.1],
    ],
  },
};

const REGIONS = [
  'AFRICA',
  'ASIA_PACIFIC',
  'CENTRAL_EASTERN_EUROPE',
  'LATIN_AMERICA_CARIBBEAN',
  'WESTERN_EUROPE_OTHERS',
];
/** Primes above any pool size: i ↦ (offset + i·stride) mod pool visits distinct delegates for i < pool. */
const STRIDES = [1_000_003, 1_000_033, 1_000_037, 1_000_039, 1_000_081, 1_000_099];
const DAY = 86_400_000;
/** The tables that get a million-odd rows. */
const BULK_TABLES = ['enrolment', 'assessment_attempt', 'certificate', 'follow_up_response'];

/** A small deterministic PRNG (mulberry32) for the plan. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` into parts proportional to `weights`, summing exactly to `total` (largest remainders). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]]++;
  return parts;
}

export async function generateProgramme(db: Client, size: ProgrammeSize): Promise<GeneratedProgramme> {
  const rand = prng(size.seed ?? 20_261_126);
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      timings[name] = Date.now() - t0;
    }
  };
  // A bulk load on a database nobody else writes to yet: no per-row foreign-key triggers (every key below is taken
  // from the rows it points to), no wait for the WAL flush per statement, room to sort and hash in memory.
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET maintenance_work_mem = '512MB'`);

  const [{ sessions: existingSessions, enrolments: existingEnrolments }] = (
    await db.query(
      `SELECT (SELECT count(*) FROM training_session)::int AS sessions, (SELECT count(*) FROM enrolment)::int AS enrolments`,
    )
  ).rows;
  const newSessions = size.sessions - existingSessions;
  const newEnrolments = size.enrolments - existingEnrolments;
  if (newSessions < 1 || newEnrolments < newSessions)
    throw new Error('nothing to generate: the database is already that large');

  // The secondary indexes of the big tables are dropped for the load and built again afterwards from their own
  // definitions (a sorted build instead of a million scattered inserts); building the unique ones checks the data.
  const indexes: { name: string; def: string }[] = (
    await db.query(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [BULK_TABLES],
    )
  ).rows;
  for (const i of indexes) await db.query(`DROP INDEX "${i.name}"`);

  // Delegates: Parties drawn with DEVELOPING ×3 and EIT ×2 the weight of DEVELOPED ones; gender as declared
  // (about 12 % did not say). Numbered twice: over all delegates (webinars) and within their region (workshops).
  await step('delegates', async () => {
    await db.query(
      `INSERT INTO app_user (email, password_hash, full_name, roles, party_code, language, time_zone, gender, created_at)
       SELECT 'bench.delegate.' || g.i || '@bench.example.org', '!bench: no password', 'Bench delegate ' || g.i,
              '{DELEGATE}', w.codes[1 + floor(random() * cardinality(w.codes))::int],
              (ARRAY['EN','FR','ES','AR','ZH','RU'])[1 + floor(random() * 6)::int]::app_user_language_enum, 'UTC',
              CASE WHEN g.r < 0.42 THEN 'female' WHEN g.r < 0.86 THEN 'male' WHEN g.r < 0.88 THEN 'other' END,
              now() - interval '4 years'
         FROM (SELECT i, random() AS r FROM generate_series(1, $1::int) i) g,
              (SELECT array_agg(p.code) AS codes
                 FROM party p, generate_series(1, CASE p.status WHEN 'DEVELOPING' THEN 3 WHEN 'ECONOMY_IN_TRANSITION' THEN 2 ELSE 1 END)) w`,
      [size.delegates],
    );
    await db.query(
      `CREATE TEMP TABLE bench_pool ON COMMIT PRESERVE ROWS AS
       SELECT 'ALL'::text AS pool, (row_number() OVER (ORDER BY u.id) - 1)::int AS rank, u.id, u.party_code, u.gender
         FROM app_user u WHERE u.email LIKE 'bench.delegate.%'
       UNION ALL
       SELECT p.region::text, (row_number() OVER (PARTITION BY p.region ORDER BY u.id) - 1)::int, u.id, u.party_code, u.gender
         FROM app_user u JOIN party p ON p.code = u.party_code WHERE u.email LIKE 'bench.delegate.%'`,
    );
    await db.query(`ALTER TABLE bench_pool ADD PRIMARY KEY (pool, rank)`);
    await db.query(`ANALYZE bench_pool`);
  });
  const poolSizes = new Map<string, number>(
    (await db.query(`SELECT pool, count(*)::int AS n FROM bench_pool GROUP BY pool`)).rows.map((r) => [r.pool, r.n]),
  );

  // The sessions' plan: 1 in 5 a regional workshop (1 or 2 modules), mostly past and completed.
  const modules: { id: string; code: string }[] = (await db.query(`SELECT id, code FROM thematic_module ORDER BY code`))
    .rows;
  const now = Date.now();
  interface Plan {
    kind: Kind;
    phase: Phase;
    region: string | null;
    modules: string[];
    startsAt: Date;
    endsAt: Date;
    enrolments: number;
    statuses: string[];
    starts: number[];
    offset: number;
    stride: number;
    poolSize: number;
    slack: number;
  }
  const plans: Plan[] = [];
  for (let k = 0; k < newSessions; k++) {
    const kind: Kind = k % 5 === 4 ? 'WORKSHOP' : 'WEBINAR';
    const p = rand();
    const phase: Phase = p < 0.85 ? 'done' : p < 0.89 ? 'open' : p < 0.96 ? 'future' : 'cancelled';
    const start =
      phase === 'done'
        ? now - (7 + rand() * 1100) * DAY
        : phase === 'open'
          ? now - (1 + rand() * 4) * DAY
          : now + (7 + rand() * 300) * DAY * (phase === 'cancelled' && rand() < 0.5 ? -1 : 1);
    const first = modules[k % modules.length].id;
    const second = modules[(k + 1 + Math.floor(rand() * 3)) % modules.length].id;
    plans.push({
      kind,
      phase,
      region: kind === 'WORKSHOP' ? REGIONS[Math.floor(k / 5) % REGIONS.length] : null,
      modules: kind === 'WORKSHOP' && rand() < 0.4 ? [first, second] : [first],
      startsAt: new Date(Math.round(start / 60_000) * 60_000),
      endsAt: new Date(
        Math.round(start / 60_000) * 60_000 + (kind === 'WORKSHOP' ? 2 * DAY + 8 * 3_600_000 : 2 * 3_600_000),
      ),
      enrolments: 0,
      statuses: [],
      starts: [],
      offset: 0,
      stride: STRIDES[k % STRIDES.length],
      poolSize: 0,
      slack: Math.floor(rand() * 40),
    });
  }
  // Workshops take 80–220 delegates each; the webinars share the rest, 0.5–1.5 of the mean each.
  const workshops = plans.filter((s) => s.kind === 'WORKSHOP');
  const webinars = plans.filter((s) => s.kind === 'WEBINAR');
  for (const w of workshops) w.enrolments = Math.min(80 + Math.floor(rand() * 141), poolSizes.get(w.region!)!);
  const forWebinars = newEnrolments - workshops.reduce((a, w) => a + w.enrolments, 0);
  apportion(
    forWebinars,
    webinars.map(() => 0.5 + rand()),
  ).forEach((n, i) => (webinars[i].enrolments = n));
  for (const s of plans) {
    const pool = poolSizes.get(s.region ?? 'ALL')!;
    if (s.enrolments > pool)
      throw new Error(`a session of ${s.enrolments} enrolments over a pool of ${pool} delegates`);
    const mix = MIX[s.kind][s.phase];
    const counts = apportion(
      s.enrolments,
      mix.map(([, share]) => share),
    );
    s.statuses = mix.map(([status]) => status).filter((_, i) => counts[i] > 0);
    s.starts = [];
    let at = 0;
    counts.forEach((c) => {
      if (c > 0) s.starts.push(at);
      at += c;
    });
    s.offset = Math.floor(rand() * pool);
    s.poolSize = pool;
  }

  await step('sessions', async () => {
    await db.query(
      `CREATE TEMP TABLE bench_session ON COMMIT PRESERVE ROWS AS
       SELECT gen_random_uuid() AS id, x.*
         FROM jsonb_to_recordset($1::jsonb) AS x(k int, kind text, phase text, region text, modules uuid[],
              starts_at timestamptz, ends_at timestamptz, enrolments int, statuses text[], starts int[], "offset" int,
              stride bigint, pool_size int, slack int)`,
      [
        JSON.stringify(
          plans.map((s, k) => ({
            k,
            kind: s.kind,
            phase: s.phase,
            region: s.region,
            modules: s.modules,
            starts_at: s.startsAt,
            ends_at: s.endsAt,
            enrolments: s.enrolments,
            statuses: s.statuses,
            starts: s.starts,
            offset: s.offset,
            stride: s.stride,
            pool_size: s.poolSize,
            slack: s.slack,
          })),
        ),
      ],
    );
    await db.query(
      `INSERT INTO training_session (id, kind, title, starts_at, ends_at, time_zone, capacity, seats_taken, status,
                                     cancel_reason, language, join_url, region, host_centre_id, venue,
                                     funded_seats_per_party, planned_cost_cents, actual_cost_cents, created_at, updated_at)
       SELECT b.id, b.kind::training_session_kind_enum,
              CASE b.kind WHEN 'WEBINAR' THEN 'Bench webinar ' ELSE 'Bench regional workshop ' END || (b.k + 1),
              b.starts_at, b.ends_at, CASE b.kind WHEN 'WEBINAR' THEN 'Europe/Zurich' ELSE 'UTC' END,
              greatest(1, b.enrolments), 0,
              (CASE b.phase WHEN 'done' THEN 'COMPLETED' WHEN 'cancelled' THEN 'CANCELLED' ELSE 'SCHEDULED' END)::training_session_status_enum,
              CASE b.phase WHEN 'cancelled' THEN 'bench: cancelled' END,
              (ARRAY['EN','FR','ES'])[1 + b.k % 3]::training_session_language_enum,
              CASE b.kind WHEN 'WEBINAR' THEN 'https://webinars.bench.example.org/' || (b.k + 1) END,
              b.region::training_session_region_enum,
              (SELECT c.id FROM regional_centre c JOIN party p ON p.code = c.country_code
                WHERE p.region::text = b.region ORDER BY c.name OFFSET b.k % 2 LIMIT 1),
              CASE b.kind WHEN 'WORKSHOP' THEN 'Bench venue ' || (b.k + 1) END,
              CASE b.kind WHEN 'WORKSHOP' THEN 1 ELSE 0 END,
              CASE b.kind WHEN 'WORKSHOP' THEN 9300000 END,
              CASE WHEN b.kind = 'WORKSHOP' AND b.phase = 'done' THEN 8500000 + (b.k % 7) * 100000 END,
              b.starts_at - interval '120 days', b.starts_at - interval '120 days'
         FROM bench_session b`,
    );
    await db.query(`INSERT INTO session_module (session_id, module_id) SELECT id, unnest(modules) FROM bench_session`);
    await db.query(`ANALYZE bench_session`);
  });

  // Enrolment i of a session: the delegate of rank (offset + i·stride) mod pool in the session's pool (all
  // delegates, or the workshop's region), its status from the session's status ranges, enrolled before it started.
  await step('enrolments', async () => {
    await db.query(
      `INSERT INTO enrolment (session_id, delegate_id, party_code, status, waitlist_ticket, funded, created_at,
                              status_changed_at, gender)
       SELECT b.id, d.id, d.party_code, x.status::enrolment_status_enum,
              CASE WHEN x.status = 'WAITLISTED' THEN x.i + 1 END, false,
              b.starts_at - (interval '60 days') * (1 - x.i::float8 / b.enrolments),
              CASE WHEN x.status IN ('ATTENDED', 'NO_SHOW', 'COMPLETED') AND b.phase <> 'future' THEN b.ends_at
                   ELSE b.starts_at - (interval '60 days') * (1 - x.i::float8 / b.enrolments) + interval '1 hour' END,
              d.gender
         FROM bench_session b
         CROSS JOIN LATERAL (SELECT g.i, b.statuses[width_bucket(g.i, b.starts)] AS status
                               FROM generate_series(0, b.enrolments - 1) g(i)) x
         JOIN bench_pool d ON d.pool = coalesce(b.region, 'ALL')
                          AND d.rank = ((b."offset" + x.i * b.stride) % b.pool_size)::int`,
    );
  });

  await db.query(`ANALYZE enrolment`);

  // Seats: held by CONFIRMED, ATTENDED and COMPLETED; a session with a waitlist is full (a completed one was full
  // before its no-shows were released); one with no waitlist has some seats left. The ticket counter goes on from
  // the last ticket drawn.
  await step('seats and funding', async () => {
    await db.query(
      `UPDATE training_session s
          SET seats_taken = c.held, waitlist_tickets = c.tickets,
              capacity = greatest(1, CASE WHEN s.status = 'CANCELLED' THEN b.enrolments
                                          WHEN c.waitlisted > 0 THEN c.held + CASE WHEN s.status = 'SCHEDULED' THEN 0 ELSE c.no_show END
                                          ELSE c.held + c.no_show + b.slack + 1 END)
         FROM bench_session b,
              (SELECT e.session_id,
                      count(*) FILTER (WHERE e.status IN ('CONFIRMED', 'ATTENDED', 'COMPLETED'))::int AS held,
                      count(*) FILTER (WHERE e.status = 'NO_SHOW')::int AS no_show,
                      count(*) FILTER (WHERE e.status = 'WAITLISTED')::int AS waitlisted,
                      coalesce(max(e.waitlist_ticket), 0)::int AS tickets
                 FROM enrolment e GROUP BY e.session_id) c
        WHERE s.id = b.id AND c.session_id = b.id`,
    );
    await db.query(
      `UPDATE enrolment e SET funded = true
         FROM (SELECT DISTINCT ON (e.session_id, e.party_code) e.id
                 FROM bench_session b
                 JOIN enrolment e ON e.session_id = b.id
                 JOIN party p ON p.code = e.party_code AND p.status <> 'DEVELOPED'
                WHERE b.kind = 'WORKSHOP' AND e.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')
                ORDER BY e.session_id, e.party_code, e.created_at) f
        WHERE e.id = f.id`,
    );
  });

  // The modules of the generated sessions, numbered within each session, with their assessments.
  await db.query(
    `CREATE TEMP TABLE bench_unit_module ON COMMIT PRESERVE ROWS AS
     SELECT sm.session_id, sm.module_id, m.pass_mark,
            (row_number() OVER (PARTITION BY sm.session_id ORDER BY sm.module_id) - 1)::int AS rank,
            (count(*) OVER (PARTITION BY sm.session_id))::int AS modules,
            (SELECT a.id FROM assessment a WHERE a.module_id = m.id AND a.kind = 'PRE' ORDER BY a.created_at LIMIT 1) AS pre_id,
            (SELECT a.id FROM assessment a WHERE a.module_id = m.id AND a.kind = 'POST' ORDER BY a.created_at LIMIT 1) AS post_id
       FROM bench_session b JOIN session_module sm ON sm.session_id = b.id JOIN thematic_module m ON m.id = sm.module_id`,
  );
  await db.query(`ANALYZE bench_unit_module`);

  // Pre-course attempts: 80 % of the delegates enrolled in a session of the module took the one pre-course
  // assessment it has (before enrolling or cancelling: a cancelled enrolment may have one too). About 2 % score 100.
  await step('pre-course attempts', async () => {
    await db.query(
      `INSERT INTO assessment_attempt (assessment_id, delegate_id, module_id, kind, session_id, attempt_number, score,
                                       passed, answers, submitted_at)
       SELECT d.pre_id, d.delegate_id, d.module_id, 'PRE', NULL, 1, d.score, d.score >= d.pass_mark, '{}', d.at
         FROM (SELECT u.pre_id, u.delegate_id, u.module_id, u.pass_mark, u.at,
                      CASE WHEN random() < 0.02 THEN 100 ELSE round((10 + random() * 75)::numeric, 2) END AS score
                 FROM (SELECT DISTINCT ON (e.delegate_id, um.module_id) e.delegate_id, um.module_id, um.pass_mark,
                              um.pre_id, e.created_at AS at
                         FROM enrolment e JOIN bench_unit_module um ON um.session_id = e.session_id
                        WHERE e.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED', 'CANCELLED', 'WAITLISTED')
                        ORDER BY e.delegate_id, um.module_id, e.created_at) u
                WHERE random() < 0.8) d
        WHERE d.pre_id IS NOT NULL`,
    );
  });

  // Post-course attempts (1 to 3) per attendee and module of the session. COMPLETED: the last attempt reaches the
  // pass mark in every module. ATTENDED: one module (of a workshop's two) was not passed — never tried (35 %) or
  // failed every time; the other one passed 70 % of the time. Earlier attempts fail.
  await step('post-course attempts', async () => {
    await db.query(
      `INSERT INTO assessment_attempt (assessment_id, delegate_id, module_id, kind, session_id, attempt_number, score,
                                       passed, answers, submitted_at)
       SELECT u.post_id, u.delegate_id, u.module_id, 'POST', u.session_id, n.k, s.score, s.score >= u.pass_mark, '{}',
              u.ends_at + n.k * interval '1 day'
         FROM (SELECT e.delegate_id, e.session_id, um.module_id, um.pass_mark, um.post_id, b.ends_at,
                      CASE WHEN e.status = 'COMPLETED' THEN 'pass'
                           WHEN um.rank <> abs(hashtext(e.id::text)) % um.modules THEN CASE WHEN e.r2 < 0.7 THEN 'pass' ELSE 'none' END
                           WHEN e.r2 < 0.35 THEN 'none' ELSE 'fail' END AS outcome,
                      CASE WHEN e.r1 < 0.8 THEN 1 WHEN e.r1 < 0.95 THEN 2 ELSE 3 END AS tries
                 FROM bench_session b
                 -- One draw per enrolment (a volatile target list keeps the planner from inlining this subquery).
                 JOIN (SELECT e.id, e.delegate_id, e.session_id, e.status, random() AS r1, random() AS r2
                         FROM enrolment e WHERE e.status IN ('ATTENDED', 'COMPLETED')) e ON e.session_id = b.id
                 JOIN bench_unit_module um ON um.session_id = e.session_id) u
         CROSS JOIN LATERAL generate_series(1, u.tries) n(k)
         CROSS JOIN LATERAL (SELECT CASE WHEN u.outcome = 'pass' AND n.k = u.tries
                                         THEN round((u.pass_mark + random() * (100 - u.pass_mark))::numeric, 2)
                                         ELSE round((20 + random() * (u.pass_mark - 20.01))::numeric, 2) END AS score) s
        WHERE u.outcome <> 'none' AND u.post_id IS NOT NULL`,
    );
  });

  // One certificate per COMPLETED enrolment; 2 % revoked by the Secretariat.
  await step('certificates', async () => {
    await db.query(
      `INSERT INTO certificate (code, enrolment_id, delegate_id, session_id, document, issued_at, revoked_at,
                                revocation_reason)
       SELECT replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''),
              c.id, c.delegate_id, c.session_id, '{"bench": true}', c.ends_at + interval '2 days',
              CASE WHEN c.revoked THEN c.ends_at + interval '30 days' END,
              CASE WHEN c.revoked THEN 'bench: issued in error' END
         FROM (SELECT e.id, e.delegate_id, e.session_id, b.ends_at, random() < 0.02 AS revoked
                 FROM bench_session b JOIN enrolment e ON e.session_id = b.id
                WHERE e.status = 'COMPLETED') c`,
    );
  });

  // Follow-up survey, 90 days after a completed session: 45 % of attendees answered, 62 % of them applied it.
  await step('follow-ups', async () => {
    await db.query(
      `INSERT INTO follow_up_response (enrolment_id, delegate_id, session_id, applied, uses, comment, submitted_at)
       SELECT f.id, f.delegate_id, f.session_id, f.applied,
              CASE WHEN f.applied THEN ARRAY[(enum_range(NULL::follow_up_response_uses_enum))[1 + floor(random() * 4)::int]]
                   ELSE '{}' END,
              CASE WHEN random() < 0.1 THEN 'bench comment' END, f.ends_at + interval '95 days'
         FROM (SELECT e.id, e.delegate_id, e.session_id, b.ends_at, random() < 0.62 AS applied
                 FROM bench_session b JOIN enrolment e ON e.session_id = b.id
                WHERE b.phase = 'done' AND b.ends_at < now() - interval '90 days'
                  AND e.status IN ('ATTENDED', 'COMPLETED') AND random() < 0.45) f`,
    );
  });

  await step('indexes', async () => {
    for (const i of indexes) await db.query(i.def);
  });
  await db.query(`SET session_replication_role = origin`);
  await step('analyze', () => db.query(`ANALYZE`));
  await db.query(`DROP TABLE bench_pool, bench_session, bench_unit_module`);

  const [counts] = (
    await db.query(
      `SELECT (SELECT count(*) FROM party)::int AS parties,
              (SELECT count(*) FROM thematic_module)::int AS modules,
              (SELECT count(*) FROM training_session)::int AS sessions,
              (SELECT count(*) FROM app_user WHERE 'DELEGATE' = ANY(roles))::int AS delegates,
              (SELECT count(*) FROM enrolment)::int AS enrolments,
              (SELECT count(*) FROM assessment_attempt WHERE kind = 'PRE')::int AS "preAttempts",
              (SELECT count(*) FROM assessment_attempt WHERE kind = 'POST')::int AS "postAttempts",
              (SELECT count(*) FROM certificate)::int AS certificates,
              (SELECT count(*) FROM certificate WHERE revoked_at IS NOT NULL)::int AS revoked,
              (SELECT count(*) FROM follow_up_response)::int AS "followUps"`,
    )
  ).rows;
  return { counts, timings };
}
