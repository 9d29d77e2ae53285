import { Agent, request } from 'node:http';

/**
 * HTTP load from the benchmark process (a process of its own, apart from the API): autocannon with a request
 * generator, so that every request can carry its own body and token, and a check of every response body, so that a
 * 200 carrying GraphQL errors is not counted as a success. `steady` offers a fixed rate instead (open loop).
 */

/** The part of autocannon 9's programmatic API used here (the package ships no types). */
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (
  opts: Record<string, unknown>,
  done: (err: Error | null, result: AutocannonResult) => void,
) => { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: Autocannon = require('autocannon');

export interface LoadRequest {
  body: string;
  token?: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Send exactly this many requests, then stop (`seconds` is then ignored). */
  amount?: number;
  /** The next request to send (called once per request, in any connection). */
  next: () => LoadRequest;
  /**
   * Classifies a 2xx response body: null = success, otherwise the name of the outcome ('CONFLICT:SESSION_STARTED',
   * 'UNAUTHENTICATED', …). `expected` outcomes count as successful requests; the others as errors.
   */
  classify?: (body: string) => string | null;
  expected?: (outcome: string) => boolean;
}

export interface LoadResult {
  seconds: number;
  /** Responses received. */
  completed: number;
  /** 2xx with no error, or only an expected one. */
  ok: number;
  /** Responses by outcome other than plain success (including expected ones), and 'HTTP <status>' for non-2xx. */
  outcomes: Record<string, number>;
  /** Non-2xx, unexpected GraphQL errors, socket errors and timeouts. */
  errors: number;
  /** ok responses per second. */
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Every response's latency in ms (to combine runs). */
  latenciesMs: number[];
}

export function drive(opts: LoadOptions): Promise<LoadResult> {
  const u = new URL(opts.url);
  const outcomes: Record<string, number> = {};
  let ok = 0;
  let bad = 0;
  const note = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const latenciesMs: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${u.protocol}//${u.host}`,
        connections: opts.connections,
        pipelining: 1,
        duration: opts.seconds,
        ...(opts.amount ? { amount: opts.amount } : {}),
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            setupRequest: (req: Record<string, unknown>) => {
              const r = opts.next();
              return {
                ...req,
                body: r.body,
                headers: {
                  'content-type': 'application/json',
                  ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
                },
              };
            },
            onResponse: (status: number, body: string) => {
              if (status < 200 || status > 299) {
                note(`HTTP ${status}`);
                bad++;
                return;
              }
              const outcome = opts.classify ? opts.classify(body) : null;
              if (outcome === null) ok++;
              else {
                note(outcome);
                if (opts.expected?.(outcome)) ok++;
                else bad++;
              }
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        resolve(summary(result.duration, ok, bad + result.errors + result.timeouts, outcomes, latenciesMs));
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latenciesMs.push(ms));
  });
}

function summary(
  seconds: number,
  ok: number,
  errors: number,
  outcomes: Record<string, number>,
  latenciesMs: number[],
): LoadResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
  return {
    seconds,
    completed: latenciesMs.length,
    ok,
    outcomes,
    errors,
    throughput: ok / seconds,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    latenciesMs,
  };
}

/** Several runs as one: counts and time added up, percentiles over all their responses. */
export function combine(runs: LoadResult[]): LoadResult {
  const outcomes: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  return summary(
    runs.reduce((a, r) => a + r.seconds, 0),
    runs.reduce((a, r) => a + r.ok, 0),
    runs.reduce((a, r) => a + r.errors, 0),
    outcomes,
    runs.flatMap((r) => r.latenciesMs),
  );
}

/**
 * Runs two loads turn about, `rounds` times `seconds` each, so that both meet the same machine: on a shared or
 * busy machine a load measured after the other would be measured under different conditions.
 */
export async function alternate<A, B>(
  rounds: number,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<{ first: A[]; second: B[] }> {
  const out = { first: [] as A[], second: [] as B[] };
  for (let i = 0; i < rounds; i++) {
    // Which goes first alternates too.
    if (i % 2 === 0) {
      out.first.push(await first());
      out.second.push(await second());
    } else {
      out.second.push(await second());
      out.first.push(await first());
    }
  }
  return out;
}

/**
 * The outcome of a GraphQL response body: null when it has data and no errors, else 'CODE' or 'CODE:reason code'
 * of the first error (e.g. CONFLICT:SESSION_FULL).
 */
export function graphqlOutcome(body: string): string | null {
  // Apollo writes `errors` before `data`: a look at the start spares scanning 30 kB catalogue pages.
  if (!body.slice(0, 20).includes('"errors"')) return null;
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
    const first = parsed.errors?.[0];
    if (!first) return null;
    const ext = first.extensions ?? {};
    const code = String(ext.code ?? 'NO_CODE');
    const reason = ext.reason ?? ext.conflict ?? ext.detail;
    return typeof reason === 'string' ? `${code}:${reason}` : code;
  } catch {
    return 'UNPARSABLE';
  }
}

/** Latency figures as printed: "p50 12.3 ms, p99 40.1 ms". */
export const latencies = (r: LoadResult) => `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;

/**
 * Open loop: requests sent at a steady `rate` per second over at most `connections` kept-alive sockets, whether or
 * not earlier ones were answered, each timed from the moment it was due (so queueing counts). autocannon's own rate
 * limit sends each second's quota in a burst at the start of the second, which measures the burst, not the rate.
 */
export async function steady(
  opts: Omit<LoadOptions, 'seconds'> & { seconds: number; rate: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const u = new URL(opts.url);
  const outcomes: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let ok = 0;
  let bad = 0;
  const note = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const r = opts.next();
      const req = request(
        {
          agent,
          host: u.hostname,
          port: u.port,
          path: '/graphql',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(r.body),
            ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latenciesMs.push(performance.now() - due);
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) {
              note(`HTTP ${status}`);
              bad++;
            } else {
              const outcome = opts.classify ? opts.classify(Buffer.concat(chunks).toString('utf8')) : null;
              if (outcome === null) ok++;
              else {
                note(outcome);
                if (opts.expected?.(outcome)) ok++;
                else bad++;
              }
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        note('socket error');
        bad++;
        resolve();
      });
      req.end(r.body);
    });
  const interval = 1000 / opts.rate;
  const t0 = performance.now();
  const total = opts.amount ?? Math.floor(opts.seconds * opts.rate);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return summary((performance.now() - t0) / 1000, ok, bad, outcomes, latenciesMs);
}
