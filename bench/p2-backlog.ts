import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { JobQueues, QueueName } from '../libs/queue/src';
import { loadConfig } from '../src/config/config';
import { CATALOGUE } from './p2-catalogue';
import { createAccounts, createSessions, parties, type Account } from './support/bench-data';
import { cpuSecondsOf, cpuSecondsOfNamed } from './support/cpu-time';
import { connect, deploymentIdOf, dropDatabase, freshDatabaseName } from './support/database';
import { combine, drive, graphqlOutcome, latencies, type LoadResult } from './support/load';
import { deleteKeysUnder } from './support/redis-keys';
import { fmt, pct, type BenchResult } from './support/results';
import { PRODUCTION_NODE_OPTIONS, startServer, type BenchServer } from './support/server';
import { SlowSmtp } from './support/slow-smtp';

/**
 * P2Q (issue #17, "P2 under load"): P2's catalogue page (the first 50 upcoming sessions, signed-in delegates taking
 * turns, 32 connections) while a backlog of 10,000 e-mails drains, against `{ __typename }` on the same server during
 * the same drain. Two ways of running the platform, each on its own database and Redis prefix:
 * - all-in-one: the default `npm start` (PROCESS_ROLE=all), the workers sharing the API's process;
 * - split: an API process (PROCESS_ROLE=api) and a worker process (PROCESS_ROLE=worker).
 *
 * The backlog is real: 2,000 delegates enrol through the API (PROCESS_ROLE=api, so nothing is relayed yet) in five
 * webinars each, 10,000 enrolments whose outbox events each call for a confirmation e-mail (and plan three
 * reminders weeks ahead, which stay delayed). The process that drains them starts after that: its relay moves the
 * events to the queue, the notification jobs plan the mails, the mail jobs send them. The SMTP server (in this
 * process) answers each message after BENCH_P2Q_SMTP_DELAY_MS (100 ms: a provider's relay, not a local sink), so
 * WORKER_CONCURRENCY 10 drains at most 100 mails/s and the backlog lasts the whole measurement.
 *
 * Fairness: both loads are warmed up, then measured turn about in short slices (which goes first alternates), so each
 * meets the same drain: same process, same tokens, same connections, same part of the backlog. The mails sent during
 * each kind's slices are reported apart; each slice must end with e-mails still waiting and some sent during it.
 */
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 4);
const ROUNDS = 5;
const DELEGATES = 2_000;
const PER_DELEGATE = 5;
const WEBINARS = 160;
const WORKSHOPS = 40;
const BACKLOG = DELEGATES * PER_DELEGATE;
const SMTP_DELAY_MS = Number(process.env.BENCH_P2Q_SMTP_DELAY_MS ?? 100);
const GOAL = 0.6;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Extra NODE_OPTIONS for the draining processes (e.g. `--require …/cpu-profile-preload.js`). */
const EXTRA_NODE_OPTIONS = process.env.BENCH_P2Q_NODE_OPTIONS ?? '';
const DEFAULTS = loadConfig({});

const ENROL = `mutation Enrol($sessionId: ID!) { enrol(sessionId: $sessionId) { id status } }`;

type Mode = 'all' | 'split';

interface Slice {
  kind: 'typename' | 'catalogue';
  result: LoadResult;
  /** Mails the SMTP server accepted during the slice. */
  mails: number;
  /** Backlog e-mails not yet sent at the end of the slice. */
  left: number;
  /** Jobs waiting, active or retrying in the mail queue at the end of the slice. */
  mailQueue: number;
}

/** BENCH_P2Q_MODES=split (or all) measures one of the two. */
const MODES = (process.env.BENCH_P2Q_MODES ?? 'all,split').split(',').map((m) => m.trim()) as Mode[];

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const mode of MODES) results.push(await measure(mode));
  return results;
}

async function measure(mode: Mode): Promise<BenchResult> {
  const dbName = await freshDatabaseName(`p2q_${mode}`);
  const label = mode === 'all' ? 'all-in-one (PROCESS_ROLE=all)' : 'split (PROCESS_ROLE=api + PROCESS_ROLE=worker)';
  let api: BenchServer | undefined;
  let worker: BenchServer | undefined;
  let smtp: SlowSmtp | undefined;
  let db: Client | undefined;
  let queues: JobQueues | undefined;
  try {
    smtp = await SlowSmtp.start(SMTP_DELAY_MS);
    api = await startServer(dbName, { PROCESS_ROLE: 'api', SMTP_URL: smtp.url });
    db = await connect(dbName);
    const t0 = Date.now();
    const all = await parties(db);
    const viewers = await createAccounts(db, DELEGATES, 'DELEGATE', 'p2q', all);
    const trainers = await createAccounts(db, 20, 'TRAINER', 'p2q');
    const sessions = await createSessions(db, {
      webinars: WEBINARS,
      workshops: WORKSHOPS,
      capacity: (kind) => (kind === 'WORKSHOP' ? 30 : 300),
      trainers,
      tag: 'P2Q',
      prerequisites: true,
    });
    await db.query('ANALYZE');
    const webinars = sessions.filter((s) => s.kind === 'WEBINAR').map((s) => s.id);

    // The burst: every delegate into five webinars, through the API (nothing relayed: no worker runs yet).
    const burst = await enrolBurst(api.url, viewers, webinars);
    const [{ waiting }] = (
      await db.query(`SELECT count(*)::int AS waiting FROM outbox_event WHERE dispatched_at IS NULL`)
    ).rows;
    process.stdout.write(
      `   ${mode}: ${fmt(burst.ok)} enrolments through the API at ${fmt(burst.throughput)}/s, ${burst.errors} errors; ` +
        `${fmt(waiting)} outbox events waiting (${fmt((Date.now() - t0) / 1000, 1)} s)\n`,
    );
    if (burst.ok !== BACKLOG || burst.errors)
      throw new Error(`P2Q: the burst made ${burst.ok} of ${BACKLOG} enrolments`);

    const drainEnv = {
      SMTP_URL: smtp.url,
      ...(EXTRA_NODE_OPTIONS ? { NODE_OPTIONS: `${PRODUCTION_NODE_OPTIONS} ${EXTRA_NODE_OPTIONS}` } : {}),
    };
    // The process that drains: the API restarted as all-in-one, or a worker beside the API.
    const drainStart = Date.now();
    if (mode === 'all') {
      await api.stop();
      api = undefined;
      api = await startServer(dbName, { PROCESS_ROLE: 'all', ...drainEnv });
    } else {
      worker = await startServer(dbName, { PROCESS_ROLE: 'worker', ...drainEnv });
    }
    const url = api.url;
    queues = new JobQueues({
      redisUrl: REDIS_URL,
      prefix: dbName,
      deploymentId: await deploymentIdOf(dbName),
      mailAttempts: DEFAULTS.jobs.mailAttempts,
      mailBackoffMs: DEFAULTS.jobs.mailBackoffMs,
    });
    const mailQueue = queues.queue(QueueName.MAIL);
    const queued = async () => {
      const c = (await mailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')) as Record<string, number>;
      return Object.values(c).reduce((a, n) => a + n, 0);
    };
    const confirmations = () => smtp!.kinds.get('ENROLMENT_CONFIRMED') ?? 0;

    let turn = 0;
    const viewer = () => viewers[turn++ % viewers.length].token;
    const typenameBody = JSON.stringify({ query: '{ __typename }' });
    const common = { url, connections: CONNECTIONS, classify: graphqlOutcome };
    const typename = () => ({ body: typenameBody, token: viewer() });
    const catalogue = () => ({
      body: JSON.stringify({ query: CATALOGUE, variables: { from: new Date().toISOString(), first: 50 } }),
      token: viewer(),
    });
    const sample = await gqlPage(url, viewers[0].token);

    // Warm-up (the drain under way: the relay and the planning jobs run meanwhile).
    await drive({ ...common, next: typename, seconds: WARM_UP_SECONDS });
    await drive({ ...common, next: catalogue, seconds: WARM_UP_SECONDS });
    const warmUpMails = smtp.count;

    const pids = [api.pid, ...(worker ? [worker.pid] : [])];
    const cpu0 = cpuMark(pids);
    const m0 = smtp.count;
    const w0 = Date.now();
    const slices: Slice[] = [];
    const slice = async (kind: Slice['kind']) => {
      const before = smtp!.count;
      const result = await drive({
        ...common,
        next: kind === 'typename' ? typename : catalogue,
        seconds: SECONDS / ROUNDS,
      });
      const mails = smtp!.count - before;
      slices.push({ kind, result, mails, left: BACKLOG - confirmations(), mailQueue: await queued() });
    };
    for (let i = 0; i < ROUNDS; i++) {
      const order: Slice['kind'][] = i % 2 === 0 ? ['typename', 'catalogue'] : ['catalogue', 'typename'];
      for (const kind of order) await slice(kind);
    }
    const windowSeconds = (Date.now() - w0) / 1000;
    const measuredMails = smtp.count - m0;
    const cpu = cpuSince(cpu0, pids, windowSeconds);

    const ledger = (
      await db.query<{ status: string; n: number }>(
        `SELECT status::text, count(*)::int AS n FROM mail_delivery GROUP BY status ORDER BY status`,
      )
    ).rows;
    const [{ undispatched }] = (
      await db.query(`SELECT count(*)::int AS undispatched FROM outbox_event WHERE dispatched_at IS NULL`)
    ).rows;
    const mailQueueEnd = await queued();

    const typenames = slices.filter((s) => s.kind === 'typename');
    const catalogues = slices.filter((s) => s.kind === 'catalogue');
    const base = combine(typenames.map((s) => s.result));
    const cat = combine(catalogues.map((s) => s.result));
    const ratio = cat.throughput / base.throughput;
    const mailRate = (ss: Slice[]) =>
      ss.reduce((a, s) => a + s.mails, 0) / ss.reduce((a, s) => a + s.result.seconds, 0);
    const draining = slices.every((s) => s.mails > 0 && s.left > 0);
    process.stdout.write(
      `   ${mode}: baseline { __typename } ${fmt(base.throughput)} req/s, ${latencies(base)}, ${base.errors} errors; ` +
        `catalogue ${fmt(cat.throughput)} req/s, ${latencies(cat)}, ${cat.errors} errors; ratio ${pct(cat.throughput, base.throughput)}\n` +
        `   ${mode}: ${fmt(measuredMails)} mails sent during the ${fmt(windowSeconds, 1)} s measured ` +
        `(${fmt(mailRate(typenames), 1)}/s in the baseline's slices, ${fmt(mailRate(catalogues), 1)}/s in the catalogue's); ` +
        `${fmt(BACKLOG - confirmations())} confirmations still to send, mail queue ${fmt(mailQueueEnd)}; ${cpu.line}\n`,
    );
    const perSlice = slices
      .map(
        (s) =>
          `${s.kind === 'typename' ? 'T' : 'C'} ${fmt(s.result.throughput)} req/s ${s.mails} mails, ${fmt(s.left)} left`,
      )
      .join('; ');
    return {
      id: 'P2Q',
      what:
        `P2's catalogue page (50 upcoming sessions, signed-in delegates, ${CONNECTIONS} connections) while ` +
        `${fmt(BACKLOG)} confirmation e-mails drain, ${label}`,
      figure: `${fmt(cat.throughput)} req/s; ${latencies(cat)}; ${fmt(measuredMails)} mails sent meanwhile`,
      baseline: `${fmt(base.throughput)} req/s; ${latencies(base)} ({ __typename }, same server, same drain)`,
      ratio: pct(cat.throughput, base.throughput),
      goal: `≥ ${GOAL * 100} % of the baseline; the backlog still draining at the end of every slice`,
      met: ratio >= GOAL && draining && cat.errors === 0 && base.errors === 0,
      notes: [
        `backlog: ${fmt(burst.ok)} enrolments (${fmt(DELEGATES)} delegates × ${PER_DELEGATE} webinars) made through the ` +
          `API (PROCESS_ROLE=api) at ${fmt(burst.throughput)}/s before the draining process started; SMTP answers each ` +
          `message after ${SMTP_DELAY_MS} ms, WORKER_CONCURRENCY ${DEFAULTS.jobs.concurrency}`,
        `measured turn about, ${ROUNDS} slices of ${SECONDS / ROUNDS} s each after a ${WARM_UP_SECONDS} s warm-up of each ` +
          `(${fmt(warmUpMails)} mails sent from the drain's start to the end of the warm-ups, ` +
          `${fmt((w0 - drainStart) / 1000, 1)} s); catalogue: ${fmt(cat.ok)} ok, ${fmt(cat.errors)} errors; baseline: ` +
          `${fmt(base.ok)} ok, ${fmt(base.errors)} errors`,
        `mails sent during the measured slices: ${fmt(measuredMails)} in ${fmt(windowSeconds, 1)} s ` +
          `(${fmt(mailRate(typenames), 1)}/s during the baseline's slices, ${fmt(mailRate(catalogues), 1)}/s during the ` +
          `catalogue's); still draining at the end of every slice: ${draining ? 'yes' : 'NO'} (${perSlice})`,
        `at the end: ${fmt(BACKLOG - confirmations())} confirmations not yet sent, mail queue ${fmt(mailQueueEnd)} jobs, ` +
          `outbox ${fmt(undispatched)} events not relayed, mail ledger ${ledger.map((r) => `${r.status} ${fmt(r.n)}`).join(', ') || 'empty'}`,
        `CPU during the measured slices: ${cpu.line}`,
        `one catalogue response: ${sample.sessions} sessions of ${sample.total} upcoming, ${fmt(sample.bytes)} bytes of JSON`,
      ],
    };
  } finally {
    await queues?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await worker?.stop();
    await api?.stop();
    await smtp?.close().catch(() => undefined);
    await dropDatabase(dbName).catch(() => undefined);
    await deleteKeysUnder(dbName).catch(() => undefined);
  }
}

/**
 * Every delegate into PER_DELEGATE webinars over 32 connections; consecutive requests go to different webinars (the
 * k-th round of delegate d: webinar (7d + 31k) mod 160, distinct for each k).
 */
async function enrolBurst(url: string, viewers: Account[], webinars: string[]): Promise<LoadResult> {
  let j = 0;
  return drive({
    url,
    connections: CONNECTIONS,
    seconds: 600,
    amount: BACKLOG,
    classify: graphqlOutcome,
    next: () => {
      const n = j++;
      const d = n % viewers.length;
      const k = Math.floor(n / viewers.length) % PER_DELEGATE;
      const sessionId = webinars[(7 * d + 31 * k) % webinars.length];
      return { body: JSON.stringify({ query: ENROL, variables: { sessionId } }), token: viewers[d].token };
    },
  });
}

async function gqlPage(url: string, token: string): Promise<{ sessions: number; total: number; bytes: number }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CATALOGUE, variables: { from: new Date().toISOString(), first: 50 } }),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  if (body.errors || body.data?.sessions.edges.length !== 50) {
    throw new Error(`the catalogue query failed: ${text.slice(0, 500)}`);
  }
  return { sessions: body.data.sessions.edges.length, total: body.data.sessions.totalCount, bytes: text.length };
}

interface CpuMark {
  procs: number[];
  postgres: number;
  redis: number;
  self: number;
  machine: { busy: number; total: number };
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = fields.map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - n[3] - (n[4] ?? 0), total };
}

function cpuMark(pids: number[]): CpuMark {
  const own = process.cpuUsage();
  return {
    procs: pids.map(cpuSecondsOf),
    postgres: cpuSecondsOfNamed('postgres'),
    redis: cpuSecondsOfNamed('redis-server'),
    self: (own.user + own.system) / 1e6,
    machine: machineTicks(),
  };
}

/** Each process's share of one core over the window, and the machine's busy share. */
function cpuSince(from: CpuMark, pids: number[], seconds: number): { line: string } {
  const now = cpuMark(pids);
  const share = (a: number, b: number) => `${fmt((100 * (b - a)) / seconds)} %`;
  const names = pids.length === 1 ? ['all-in-one process'] : ['API process', 'worker process'];
  const busy = (now.machine.busy - from.machine.busy) / (now.machine.total - from.machine.total);
  return {
    line:
      `${pids.map((_, i) => `${names[i]} ${share(from.procs[i], now.procs[i])}`).join(', ')}, ` +
      `all of PostgreSQL ${share(from.postgres, now.postgres)}, Redis ${share(from.redis, now.redis)}, ` +
      `this process (load, SMTP) ${share(from.self, now.self)} of one core; machine ${fmt(100 * busy)} % busy ` +
      `over ${fmt(seconds, 1)} s`,
  };
}
