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
    return [
      {
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
      },
    ];
  } finally {
    await db?.end().catch(() => undefined);
    await server?.stop();
    await dropDatabase(dbName);
  }
}
