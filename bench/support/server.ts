import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { databaseUrl } from './database';

/** The built server, as production runs it (this file is dist/bench/support/server.js). */
export const MAIN = resolve(__dirname, '../../src/main.js');

/**
 * A secret the benchmarks share with the servers they start, so they can sign delegates' tokens themselves. Made
 * afresh by each run (every token is signed in this process): no secret lives in the source.
 */
export const BENCH_JWT_SECRET = randomBytes(32).toString('base64url');

/** The Dockerfile's NODE_OPTIONS (keep the two the same). */
export const PRODUCTION_NODE_OPTIONS = '--max-old-space-size=192';

export interface BenchServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Log lines written so far (JSON). */
  out: string[];
  stop(): Promise<void>;
}

/**
 * Starts `node dist/src/main.js` with NODE_ENV=production on the given database and its own Redis prefix, and
 * waits until /health answers 200. `env` overrides anything (PROCESS_ROLE, SMTP_URL, WORKER_CONCURRENCY, …).
 */
export async function startServer(dbName: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      // As the Dockerfile runs every process: V8 collects old garbage before the heap passes 192 MB instead of
      // growing towards its default limit (a quarter of this machine's memory) first.
      NODE_OPTIONS: PRODUCTION_NODE_OPTIONS,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info', // production's default: one access-log line per request (and the port is logged at info)
      PORT: '0',
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: dbName,
      JWT_SECRET: BENCH_JWT_SECRET,
      ADMIN_EMAIL: 'admin@bench.example.org',
      ADMIN_PASSWORD: 'bench-admin-password-123',
      PUBLIC_URL: 'http://bench.example.org',
      MAIL_DIR: join(tmpdir(), `lms-bench-mail-${dbName}`),
      SEED_DEMO: 'true',
      PROCESS_ROLE: 'api',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let buffered = '';
  let port: number | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      out.push(line);
      if (out.length > 2000) out.shift();
      try {
        const p = JSON.parse(line).port;
        if (typeof p === 'number') port = p;
      } catch {
        // not JSON
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const until = Date.now() + 120_000;
  const fail = (why: string): never => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw new Error(`${why}:\n${out.slice(-20).join('\n')}`);
  };
  while (port === undefined) {
    if (child.exitCode !== null) fail(`server exited with ${child.exitCode}`);
    if (Date.now() > until) fail('server did not start');
    await sleep(100);
  }
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) fail('server not healthy');
    await sleep(200);
  }
  return {
    url,
    pid: child.pid!,
    child,
    out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(25_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : NaN;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in bytes. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = 0;
  const take = () => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      // process gone
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

/** POST a GraphQL operation; returns the parsed body. */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json() as Promise<any>;
}
