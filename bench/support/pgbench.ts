import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect, databaseUrl, dropDatabase, freshDatabaseName } from './database';
import { percentile } from './results';

const run = promisify(execFile);

/**
 * The machine's limit for a seat-taking transaction (issue #17): pgbench, on the same PostgreSQL server, sending the
 * smallest transaction that takes a seat: a conditional UPDATE of a session's seat counter and the INSERT of an
 * enrolment row, nothing else. A scratch database of its own with two bare tables, so it shares nothing with the
 * platform's schema but the server. What an enrolment transaction could reach if it cost what taking a seat costs.
 */
export interface SeatBaseline {
  /** Transactions per second over every run (initial connection time excluded, as pgbench reports it). */
  throughput: number;
  transactions: number;
  seconds: number;
  p50: number;
  p99: number;
  /** The script, for the notes. */
  script: string;
}

const SCRIPT = `\\set s random(1, :sessions)
\\set d random(1, 100000000)
BEGIN;
UPDATE seat_session SET seats_taken = seats_taken + 1 WHERE id = :s AND seats_taken < capacity;
INSERT INTO seat_enrolment (session_id, delegate_id, status) VALUES (:s, :d, 'CONFIRMED');
COMMIT;
`;

/** Debian's client package puts pgbench on PATH; the server package only under its version's bin directory. */
function pgbenchBinary(): string {
  for (const candidate of ['/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    if (existsSync(candidate)) return candidate;
  }
  return 'pgbench';
}

export class SeatTransactionBench {
  private constructor(
    private readonly dbName: string,
    private readonly sessions: number,
    private readonly dir: string,
  ) {}

  /** A scratch database with `sessions` sessions of a capacity no run fills. */
  static async prepare(sessions: number): Promise<SeatTransactionBench> {
    const dbName = await freshDatabaseName('seat');
    const admin = await connect('postgres');
    try {
      await admin.query(`CREATE DATABASE "${dbName}"`);
    } finally {
      await admin.end();
    }
    const db = await connect(dbName);
    try {
      await db.query(`
        CREATE TABLE seat_session (id int PRIMARY KEY, capacity int NOT NULL, seats_taken int NOT NULL DEFAULT 0,
                                   CHECK (seats_taken <= capacity));
        CREATE TABLE seat_enrolment (id bigserial PRIMARY KEY, session_id int NOT NULL REFERENCES seat_session,
                                     delegate_id int NOT NULL, status text NOT NULL,
                                     created_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX ON seat_enrolment (session_id, delegate_id);
        INSERT INTO seat_session (id, capacity) SELECT i, 100000000 FROM generate_series(1, ${sessions}) i;
        ANALYZE;`);
    } finally {
      await db.end();
    }
    const dir = mkdtempSync(join(tmpdir(), 'lms-bench-pgbench-'));
    writeFileSync(join(dir, 'seat.sql'), SCRIPT);
    return new SeatTransactionBench(dbName, sessions, dir);
  }

  private readonly runs: { transactions: number; seconds: number; latenciesMs: number[] }[] = [];

  /** One run of `seconds` by `clients` connections (pgbench's default simple query protocol). */
  async measure(clients: number, seconds: number): Promise<void> {
    const logDir = mkdtempSync(join(this.dir, 'log-'));
    const url = databaseUrl(this.dbName);
    const { stdout } = await run(
      pgbenchBinary(),
      [
        '-n',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(Math.max(1, Math.round(seconds))),
        '-D',
        `sessions=${this.sessions}`,
        '-f',
        join(this.dir, 'seat.sql'),
        '-l',
        '--log-prefix',
        join(logDir, 'tx'),
        url,
      ],
      { cwd: logDir, maxBuffer: 16 * 1024 * 1024 },
    );
    const tx = /number of transactions actually processed: (\d+)/.exec(stdout);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    if (!tx || !tps) throw new Error(`pgbench said:\n${stdout}`);
    // Per-transaction log lines: client_id transaction_no time(µs) script_no time_epoch time_us.
    const latenciesMs: number[] = [];
    for (const file of readdirSync(logDir)) {
      for (const line of readFileSync(join(logDir, file), 'utf8').split('\n')) {
        const fields = line.split(' ');
        if (fields.length >= 3) latenciesMs.push(Number(fields[2]) / 1000);
      }
    }
    rmSync(logDir, { recursive: true, force: true });
    const transactions = Number(tx[1]);
    this.runs.push({ transactions, seconds: transactions / Number(tps[1]), latenciesMs });
  }

  /** The runs measured since the last call, as one figure (and forgets them). */
  take(): SeatBaseline {
    const runs = this.runs.splice(0);
    const transactions = runs.reduce((a, r) => a + r.transactions, 0);
    const seconds = runs.reduce((a, r) => a + r.seconds, 0);
    const latenciesMs = runs.flatMap((r) => r.latenciesMs);
    return {
      throughput: seconds > 0 ? transactions / seconds : NaN,
      transactions,
      seconds,
      p50: percentile(latenciesMs, 50),
      p99: percentile(latenciesMs, 99),
      script: SCRIPT,
    };
  }

  async drop(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    await dropDatabase(this.dbName);
  }
}
