import type { Client } from 'pg';
import { signToken } from './token';

/**
 * Accounts and upcoming sessions for the HTTP benchmarks (P1 enrolments, P2 catalogue), written straight into the
 * tables the entities define with one set-based statement per table (unnest of arrays, no round trip per row). Every
 * row is one the platform itself could have made: delegates and focal points with a Party, trainers, sessions in the
 * future with their modules and trainers, no enrolments (those go through the platform, so seats, waitlists, history,
 * the statistics' cells and the outbox stay in step).
 */

export interface PartyRow {
  code: string;
  region: string;
  status: string;
}

export interface Account {
  id: string;
  email: string;
  fullName: string;
  gender: string | null;
  timeZone: string;
  partyCode: string;
  region: string;
  /** A valid access token (signed with the benchmark servers' secret; no login needed). */
  token: string;
}

export interface SessionRow {
  id: string;
  kind: 'WEBINAR' | 'WORKSHOP';
  capacity: number;
  /** Workshops only. */
  region: string | null;
}

export async function parties(db: Client): Promise<PartyRow[]> {
  return (
    await db.query<PartyRow>(`SELECT code, region::text AS region, status::text AS status FROM party ORDER BY code`)
  ).rows;
}

/** Any argon2-shaped string: these accounts never log in (their tokens are signed directly). */
const NO_PASSWORD = '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hiZW5jaA$YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNo';
const GENDERS = ['female', 'male', 'female', 'male', 'other', null];
const TIME_ZONES: Record<string, string> = {
  AFRICA: 'Africa/Nairobi',
  ASIA_PACIFIC: 'Asia/Bangkok',
  CENTRAL_EASTERN_EUROPE: 'Europe/Prague',
  LATIN_AMERICA_CARIBBEAN: 'America/Panama',
  WESTERN_EUROPE_OTHERS: 'Europe/Zurich',
};

/**
 * `n` accounts with one role, spread evenly over the Parties (delegates, focal points) or without a Party
 * (trainers), in chunks of 5,000 rows per statement.
 */
export async function createAccounts(
  db: Client,
  n: number,
  role: 'DELEGATE' | 'FOCAL_POINT' | 'TRAINER',
  tag: string,
  of: PartyRow[] = [],
): Promise<Account[]> {
  const out: Account[] = [];
  for (let start = 0; start < n; start += 5000) {
    const count = Math.min(5000, n - start);
    const idx = Array.from({ length: count }, (_, k) => start + k);
    const party = (i: number) => (role === 'TRAINER' ? null : of[i % of.length]);
    const emails = idx.map((i) => `${role.toLowerCase()}.${tag}.${i}@bench.example.org`);
    const names = idx.map((i) => `Bench ${role.toLowerCase().replace('_', ' ')} ${i}`);
    const genders = idx.map((i) => GENDERS[i % GENDERS.length]);
    const zones = idx.map((i) => TIME_ZONES[party(i)?.region ?? ''] ?? 'UTC');
    const { rows } = await db.query<{ id: string; email: string }>(
      `INSERT INTO app_user (email, password_hash, full_name, roles, party_code, gender, time_zone)
       SELECT e, $2, f, ARRAY[$3]::app_user_roles_enum[], p, g, z
         FROM unnest($1::text[], $4::text[], $5::char(3)[], $6::text[], $7::text[]) AS t(e, f, p, g, z)
       RETURNING id, email`,
      [emails, NO_PASSWORD, role, names, idx.map((i) => party(i)?.code ?? null), genders, zones],
    );
    const idOf = new Map(rows.map((r) => [r.email, r.id]));
    emails.forEach((email, k) => {
      const id = idOf.get(email)!;
      const p = party(start + k);
      out.push({
        id,
        email,
        fullName: names[k],
        gender: genders[k],
        timeZone: zones[k],
        partyCode: p?.code ?? '',
        region: p?.region ?? '',
        token: signToken(id, 0),
      });
    });
  }
  return out;
}

export interface SessionPlan {
  webinars: number;
  workshops: number;
  /** Capacity of the i-th session of each kind. */
  capacity: (kind: 'WEBINAR' | 'WORKSHOP', i: number) => number;
  trainers: Account[];
  /** Title prefix, to tell sets apart. */
  tag: string;
  /** Workshops get 0–2 prerequisite modules (the catalogue shows them; P1 leaves them out so nominations pass). */
  prerequisites?: boolean;
}

const UN_REGIONS = [
  'AFRICA',
  'ASIA_PACIFIC',
  'CENTRAL_EASTERN_EUROPE',
  'LATIN_AMERICA_CARIBBEAN',
  'WESTERN_EUROPE_OTHERS',
];
const LANGUAGES = ['EN', 'EN', 'FR', 'ES', 'EN', 'AR', 'RU', 'ZH'];

/**
 * Upcoming webinars (one module each, a join link, no funded seats) and workshops (one or two modules, a region
 * rotating over the five, a host centre of that region when there is one, a venue, a planned cost, one funded seat
 * per Party), from three weeks to a year ahead, each with one or two trainers.
 */
export async function createSessions(db: Client, plan: SessionPlan): Promise<SessionRow[]> {
  const modules = (await db.query<{ id: string; code: string }>(`SELECT id, code FROM thematic_module ORDER BY code`))
    .rows;
  const centres = (
    await db.query<{ id: string; region: string }>(
      `SELECT c.id, p.region::text AS region FROM regional_centre c JOIN party p ON p.code = c.country_code ORDER BY c.name`,
    )
  ).rows;
  const day = 24 * 3600 * 1000;
  const base = Date.now() + 21 * day;
  type Draft = {
    kind: 'WEBINAR' | 'WORKSHOP';
    title: string;
    starts: Date;
    ends: Date;
    tz: string;
    capacity: number;
    joinUrl: string | null;
    region: string | null;
    centre: string | null;
    venue: string | null;
    funded: number;
    cost: string | null;
    language: string;
    modules: string[];
    prerequisites: string[];
    trainers: string[];
  };
  const drafts: Draft[] = [];
  const total = plan.webinars + plan.workshops;
  for (let i = 0; i < total; i++) {
    // Interleaved in time: the workshops spread evenly among the webinars.
    const kind =
      Math.floor(((i + 1) * plan.workshops) / total) > Math.floor((i * plan.workshops) / total)
        ? 'WORKSHOP'
        : 'WEBINAR';
    const nth = drafts.filter((d) => d.kind === kind).length;
    const starts = new Date(base + Math.floor((i * 340 * day) / total) + (i % 5) * 3600 * 1000);
    const m1 = modules[i % modules.length];
    const m2 = modules[(i + 1) % modules.length];
    const trainerA = plan.trainers[i % plan.trainers.length];
    const trainerB = plan.trainers[(i * 7 + 3) % plan.trainers.length];
    const trainers = [...new Set([trainerA.id, ...(i % 3 === 0 ? [trainerB.id] : [])])];
    if (kind === 'WEBINAR') {
      drafts.push({
        kind,
        title: `${plan.tag} webinar ${nth + 1}: ${m1.code}`,
        starts,
        ends: new Date(starts.getTime() + 2 * 3600 * 1000),
        tz: 'Europe/Zurich',
        capacity: plan.capacity(kind, nth),
        joinUrl: `https://webinars.bench.example.org/${plan.tag}-${nth + 1}`,
        region: null,
        centre: null,
        venue: null,
        funded: 0,
        cost: null,
        language: LANGUAGES[i % LANGUAGES.length],
        modules: [m1.id],
        prerequisites: [],
        trainers,
      });
    } else {
      const region = UN_REGIONS[nth % UN_REGIONS.length];
      const centre = centres.find((c) => c.region === region)?.id ?? null;
      const prerequisites =
        plan.prerequisites && nth % 3 !== 0
          ? modules
              .filter((m) => m.id !== m1.id && m.id !== m2.id)
              .slice(0, nth % 3)
              .map((m) => m.id)
          : [];
      drafts.push({
        kind,
        title: `${plan.tag} regional workshop ${nth + 1}: ${m1.code} and ${m2.code}`,
        starts,
        ends: new Date(starts.getTime() + (2 * 24 + 8) * 3600 * 1000),
        tz: TIME_ZONES[region],
        capacity: plan.capacity(kind, nth),
        joinUrl: null,
        region,
        centre,
        venue: `Conference centre ${nth + 1}, ${region.toLowerCase()}`,
        funded: 1,
        cost: String(85_000_00 + (nth % 7) * 1_000_00),
        language: LANGUAGES[i % LANGUAGES.length],
        modules: [m1.id, m2.id],
        prerequisites,
        trainers,
      });
    }
  }
  const col = <T>(f: (d: Draft) => T) => drafts.map(f);
  const { rows } = await db.query<{ id: string; title: string }>(
    `INSERT INTO training_session (kind, title, starts_at, ends_at, time_zone, capacity, join_url, region, host_centre_id,
                                   venue, funded_seats_per_party, planned_cost_cents, language)
     SELECT k::training_session_kind_enum, t, s, e, z, c, j, r::training_session_region_enum, h, v, f, pc,
            l::training_session_language_enum
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::int[], $7::text[],
                   $8::text[], $9::uuid[], $10::text[], $11::int[], $12::bigint[], $13::text[])
            AS x(k, t, s, e, z, c, j, r, h, v, f, pc, l)
     RETURNING id, title`,
    [
      col((d) => d.kind),
      col((d) => d.title),
      col((d) => d.starts),
      col((d) => d.ends),
      col((d) => d.tz),
      col((d) => d.capacity),
      col((d) => d.joinUrl),
      col((d) => d.region),
      col((d) => d.centre),
      col((d) => d.venue),
      col((d) => d.funded),
      col((d) => d.cost),
      col((d) => d.language),
    ],
  );
  const idOf = new Map(rows.map((r) => [r.title, r.id]));
  const ids = drafts.map((d) => idOf.get(d.title)!);
  const link = async (table: string, column: string, of: (d: Draft) => string[]) => {
    const pairs = drafts.flatMap((d, i) => of(d).map((target) => [ids[i], target]));
    if (!pairs.length) return;
    await db.query(`INSERT INTO ${table} (session_id, ${column}) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
    ]);
  };
  await link('session_module', 'module_id', (d) => d.modules);
  await link('session_prerequisite', 'module_id', (d) => d.prerequisites);
  await link('session_trainer', 'user_id', (d) => d.trainers);
  return drafts.map((d, i) => ({ id: ids[i], kind: d.kind, capacity: d.capacity, region: d.region }));
}

/** Deterministic shuffle (a small LCG), so runs differ only by what they measure. */
export function shuffled<T>(items: readonly T[], seed = 1): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
