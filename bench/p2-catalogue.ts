import type { Client } from 'pg';
import { createAccounts, createSessions, parties, shuffled, type Account } from './support/bench-data';
import { connect, dropDatabase, freshDatabaseName } from './support/database';
import { alternate, combine, drive, graphqlOutcome, latencies, type LoadResult } from './support/load';
import { fmt, pct, type BenchResult } from './support/results';
import { gql, startServer, type BenchServer } from './support/server';
import { CATALOGUE_CACHE_TTL_MS } from '../src/sessions/catalogue-cache.plugin';

/**
 * P2: the catalogue as a signed-in delegate's browser asks for it: the first page of 50 upcoming sessions (those
 * ending from the browser's "now" on, a new `from` each request) with their modules, trainers and seats left, and
 * for workshops the region, venue, host centre and prerequisites (the join link is not the catalogue's: a delegate
 * finds it with their enrolments). 2,000 delegates take turns (each request carries one delegate's token), 400 of
 * them enrolled in a few webinars through the API first; 218 upcoming sessions.
 *
 * Baseline, same run, same server, same connections, duration and tokens: `{ __typename }`, the least a GraphQL
 * request can do (parse, validate, the token's user, the response). The ratio is what the catalogue itself costs.
 */
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 4);
/** The measured seconds of each are taken in this many slices, turn about with the other's. */
const ROUNDS = 5;
const UNCACHED_SECONDS = 5;
const VIEWERS = 2_000;
const ENROLLED_VIEWERS = 400;

export const CATALOGUE = `query Catalogue($from: DateTime!, $first: Int!, $after: String) {
  sessions(from: $from, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        __typename id kind title startsAt endsAt timeZone language status capacity seatsLeft
        modules { code title }
        trainers { id fullName }
        ... on Workshop {
          region venue fundedSeatsPerParty
          hostCentre { name city }
          prerequisiteModules { code title }
        }
      }
    }
  }
}`;

const ENROL = `mutation Enrol($sessionId: ID!) { enrol(sessionId: $sessionId) { id status } }`;

/**
 * P2b: the web application's catalogue page (web/src/pages/catalogue/CataloguePage.tsx, query `Catalogue`) exactly as
 * its urql client sends it: the document printed after urql's cacheExchange added `__typename` to every selection set
 * (`stringifyDocument(formatDocument(CatalogueDocument))` of @urql/core; make it again when the page's query changes),
 * twenty sessions from the start of the browser's day, with the viewer's own enrolment and, on workshops, whether
 * their travel would be funded.
 */
export const WEB_CATALOGUE = `query Catalogue($first: Int!, $after: String, $kind: SessionKind, $moduleCode: String, $region: UnRegion, $from: DateTime, $to: DateTime) {
  sessions(
    first: $first
    after: $after
    kind: $kind
    moduleCode: $moduleCode
    region: $region
    from: $from
    to: $to
  ) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
      __typename
    }
    edges {
      node {
        __typename
        id
        kind
        title
        startsAt
        endsAt
        timeZone
        language
        status
        capacity
        seatsLeft
        modules {
          id
          code
          title
          __typename
        }
        myEnrolment {
          id
          status
          __typename
        }
        ... on Workshop {
          travelFundable
          region
          hostCentre {
            id
            name
            city
            __typename
          }
          prerequisiteModules {
            id
            code
            __typename
          }
          __typename
        }
      }
      __typename
    }
    __typename
  }
}`;
const WEB_PAGE_SIZE = 20;
const P2B_GOAL = 0.3;

/**
 * The P2b delegates enrol through the API in sessions of the page they will ask for, so that their page shows their
 * own statuses: one or two of its webinars each (confirmed, or waitlisted once a small one is full) and, where the
 * page has a workshop of their region, that workshop (pending their focal point's endorsement; refusals, such as
 * missing prerequisites, are counted and skipped).
 */
async function enrolInPage(
  url: string,
  viewers: Account[],
  page: { id: string; kind: string; region?: string | null }[],
): Promise<{ ok: number; refused: number }> {
  const webinars = page.filter((s) => s.kind === 'WEBINAR').map((s) => s.id);
  const jobs = viewers.flatMap((v, i) => [
    ...shuffled(webinars, i + 7)
      .slice(0, 1 + (i % 2))
      .map((sessionId) => ({ token: v.token, sessionId, mayBeRefused: false })),
    ...page
      .filter((s) => s.kind === 'WORKSHOP' && s.region === v.region)
      .slice(0, 1)
      .map((s) => ({ token: v.token, sessionId: s.id, mayBeRefused: true })),
  ]);
  let next = 0;
  let ok = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const r = await gql(url, ENROL, { sessionId: job.sessionId }, job.token);
        if (!r.errors) ok++;
        else if (job.mayBeRefused && r.errors[0].extensions?.code === 'CONFLICT') refused++;
        else throw new Error(`enrolment for P2b failed: ${r.errors[0].message}`);
      }
    }),
  );
  return { ok, refused };
}

/** Some viewers enrol through the API (so seats, history, cells and outbox stay consistent) in 1–3 webinars each. */
async function enrolSome(url: string, viewers: Account[], webinarIds: string[]): Promise<number> {
  const jobs = viewers.slice(0, ENROLLED_VIEWERS).flatMap((v, i) =>
    shuffled(webinarIds, i + 1)
      .slice(0, 1 + (i % 3))
      .map((sessionId) => ({ token: v.token, sessionId })),
  );
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const r = await gql(url, ENROL, { sessionId: job.sessionId }, job.token);
        if (r.errors) throw new Error(`enrolment for P2 failed: ${r.errors[0].message}`);
        ok++;
      }
    }),
  );
  return ok;
}

export async function run(): Promise<BenchResult[]> {
  const dbName = await freshDatabaseName('p2');
  let server: BenchServer | undefined;
  let db: Client | undefined;
  try {
    server = await startServer(dbName);
    db = await connect(dbName);
    const all = await parties(db);
    const viewers = await createAccounts(db, VIEWERS, 'DELEGATE', 'p2', all);
    const trainers = await createAccounts(db, 20, 'TRAINER', 'p2');
    const sessions = await createSessions(db, {
      webinars: 160,
      workshops: 40,
      capacity: (kind, i) => (kind === 'WORKSHOP' ? 30 : i % 4 === 0 ? 25 : 300),
      trainers,
      tag: 'P2',
      prerequisites: true,
    });
    await db.query('ANALYZE');
    const enrolled = await enrolSome(
      server.url,
      viewers,
      sessions.filter((s) => s.kind === 'WEBINAR').map((s) => s.id),
    );
    const from = new Date().toISOString();

    // What one response holds, checked once (and its size, for the notes).
    const sample = await gql(server.url, CATALOGUE, { from, first: 50 }, viewers[0].token);
    if (sample.errors || sample.data?.sessions.edges.length !== 50) {
      throw new Error(`the catalogue query failed: ${JSON.stringify(sample.errors ?? sample.data).slice(0, 500)}`);
    }
    const page = sample.data.sessions;
    const bytes = JSON.stringify(sample).length;

    let turn = 0;
    const viewer = () => viewers[turn++ % viewers.length].token;
    const typenameBody = JSON.stringify({ query: '{ __typename }' });
    const common = { url: server.url, connections: CONNECTIONS, classify: graphqlOutcome };
    const typename = () => ({ body: typenameBody, token: viewer() });
    // A browser sends its own "now" as `from`.
    const catalogue = () => ({
      body: JSON.stringify({ query: CATALOGUE, variables: { from: new Date().toISOString(), first: 50 } }),
      token: viewer(),
    });

    // Both warmed up first, then measured turn about in slices (ROUNDS × SECONDS / ROUNDS each).
    await drive({ ...common, next: typename, seconds: WARM_UP_SECONDS });
    await drive({ ...common, next: catalogue, seconds: WARM_UP_SECONDS });
    const slice = SECONDS / ROUNDS;
    const runs = await alternate(
      ROUNDS,
      () => drive({ ...common, next: typename, seconds: slice }),
      () => drive({ ...common, next: catalogue, seconds: slice }),
    );
    const base: LoadResult = combine(runs.first);
    const cat: LoadResult = combine(runs.second);
    // For the notes: the same page with the viewer's join links, which the cache never holds (executed each time).
    const uncachedBody = JSON.stringify({
      query: CATALOGUE.replace('__typename id kind', '__typename id kind ... on Webinar { joinUrl }'),
      variables: { from, first: 50 },
    });
    const uncached = await drive({
      ...common,
      next: () => ({ body: uncachedBody, token: viewer() }),
      seconds: UNCACHED_SECONDS,
    });
    process.stdout.write(
      `   baseline { __typename }: ${fmt(base.throughput)} req/s, ${latencies(base)}, ${base.errors} errors\n`,
    );
    process.stdout.write(`   catalogue: ${fmt(cat.throughput)} req/s, ${latencies(cat)}, ${cat.errors} errors\n`);

    const ratio = cat.throughput / base.throughput;
    const errors = (r: LoadResult) =>
      `${fmt(r.ok)} ok, ${fmt(r.errors)} errors${
        Object.keys(r.outcomes).length
          ? ` (${Object.entries(r.outcomes)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }`;
    const p2: BenchResult = {
      id: 'P2',
      what: `catalogue: first page of 50 upcoming sessions with modules, trainers, seats left (signed-in delegates), ${CONNECTIONS} connections`,
      figure: `${fmt(cat.throughput)} req/s; ${latencies(cat)}`,
      baseline: `${fmt(base.throughput)} req/s; ${latencies(base)} ({ __typename }, same tokens)`,
      ratio: pct(cat.throughput, base.throughput),
      goal: '≥ 60 % of the baseline',
      met: ratio >= 0.6 && cat.errors === 0 && base.errors === 0,
      notes: [
        `catalogue: ${errors(cat)} in ${cat.seconds.toFixed(0)} s; baseline: ${errors(base)} in ${base.seconds.toFixed(0)} s; ` +
          `both after a ${WARM_UP_SECONDS} s warm-up, measured turn about in ${ROUNDS} slices each`,
        `answered by the catalogue cache (src/sessions/catalogue-cache.plugin.ts) but for about one request a second: a page ` +
          `is kept at most ${CATALOGUE_CACHE_TTL_MS / 1000} s, emptied at once by any change committed by the same process, shared ` +
          `between callers' own \`from\` while no session ends in between; never holds viewer-dependent fields. The same page ` +
          `with the viewer's join links (executed every time: ten queries, some 1,300 fields): ${fmt(uncached.throughput)} req/s, ` +
          `${latencies(uncached)}, ${uncached.errors} errors (${UNCACHED_SECONDS} s)`,
        `one response: ${page.edges.length} sessions of ${page.totalCount} upcoming, ${fmt(bytes)} bytes of JSON; ` +
          `${fmt(VIEWERS)} delegates take turns, ${fmt(enrolled)} enrolments made through the API first`,
      ],
    };
    return [p2, await runWebCatalogue(server, viewers.slice(0, ENROLLED_VIEWERS), common)];
  } finally {
    await db?.end().catch(() => undefined);
    await server?.stop();
    await dropDatabase(dbName);
  }
}

/**
 * P2b, on P2's server after P2: the web application's catalogue page as the delegates who enrolled in P2 see it (each
 * also enrolled in some sessions of that page first), against `{ __typename }` with the same tokens, measured the
 * same way (warm-up, then turn about in slices).
 */
async function runWebCatalogue(
  server: BenchServer,
  viewers: Account[],
  common: { url: string; connections: number; classify: (body: string) => string | null },
): Promise<BenchResult> {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  // What the page sends: its filters (only `from` when none is chosen), the page size and no cursor.
  const variables = { from: today.toISOString(), first: WEB_PAGE_SIZE, after: null };
  const anonymous = await gql(server.url, WEB_CATALOGUE, variables);
  if (anonymous.errors || anonymous.data?.sessions.edges.length !== WEB_PAGE_SIZE) {
    throw new Error(
      `the web catalogue query failed: ${JSON.stringify(anonymous.errors ?? anonymous.data).slice(0, 500)}`,
    );
  }
  const page: { id: string; kind: string; region?: string | null }[] = anonymous.data.sessions.edges.map(
    (e: any) => e.node,
  );
  const made = await enrolInPage(server.url, viewers, page);

  // Every delegate's page shows their own statuses (checked once each, before the load).
  let shown = 0;
  for (const v of viewers) {
    const r = await gql(server.url, WEB_CATALOGUE, variables, v.token);
    if (r.errors) throw new Error(`the web catalogue query failed: ${r.errors[0].message}`);
    shown += r.data.sessions.edges.filter((e: any) => e.node.myEnrolment !== null).length;
  }
  if (shown < viewers.length) throw new Error(`P2b: only ${shown} enrolments shown for ${viewers.length} delegates`);
  const bytes = JSON.stringify(await gql(server.url, WEB_CATALOGUE, variables, viewers[0].token)).length;

  let turn = 0;
  const viewer = () => viewers[turn++ % viewers.length].token;
  const typenameBody = JSON.stringify({ query: '{ __typename }' });
  const webBody = JSON.stringify({ query: WEB_CATALOGUE, variables });
  const typename = () => ({ body: typenameBody, token: viewer() });
  const web = () => ({ body: webBody, token: viewer() });
  await drive({ ...common, next: typename, seconds: WARM_UP_SECONDS });
  await drive({ ...common, next: web, seconds: WARM_UP_SECONDS });
  const slice = SECONDS / ROUNDS;
  const runs = await alternate(
    ROUNDS,
    () => drive({ ...common, next: typename, seconds: slice }),
    () => drive({ ...common, next: web, seconds: slice }),
  );
  const base: LoadResult = combine(runs.first);
  const cat: LoadResult = combine(runs.second);
  process.stdout.write(
    `   P2b baseline { __typename }: ${fmt(base.throughput)} req/s, ${latencies(base)}, ${base.errors} errors\n`,
  );
  process.stdout.write(`   P2b web catalogue: ${fmt(cat.throughput)} req/s, ${latencies(cat)}, ${cat.errors} errors\n`);
  return {
    id: 'P2b',
    what:
      `the web app's catalogue page (query Catalogue: ${WEB_PAGE_SIZE} sessions with myEnrolment and travelFundable) ` +
      `as signed-in delegates with enrolments on it, ${CONNECTIONS} connections`,
    figure: `${fmt(cat.throughput)} req/s; ${latencies(cat)}`,
    baseline: `${fmt(base.throughput)} req/s; ${latencies(base)} ({ __typename }, same tokens)`,
    ratio: pct(cat.throughput, base.throughput),
    goal: `≥ ${P2B_GOAL * 100} % of the baseline`,
    met: cat.throughput / base.throughput >= P2B_GOAL && cat.errors === 0 && base.errors === 0,
    notes: [
      `web catalogue: ${fmt(cat.ok)} ok, ${fmt(cat.errors)} errors in ${cat.seconds.toFixed(0)} s; baseline: ` +
        `${fmt(base.ok)} ok, ${fmt(base.errors)} errors in ${base.seconds.toFixed(0)} s; both after a ` +
        `${WARM_UP_SECONDS} s warm-up, measured turn about in ${ROUNDS} slices each`,
      `${fmt(viewers.length)} delegates take turns (those enrolled for P2), each also enrolled through the API in ` +
        `sessions of this page first (${fmt(made.ok)} enrolments, ${fmt(made.refused)} workshop requests refused); ` +
        `their pages show ${fmt(shown)} of their enrolments; one response ${fmt(bytes)} bytes of JSON; ` +
        `the document exactly as the web app's urql client prints it (with the __typename fields it adds)`,
    ],
  };
}
