import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built server, as a user runs it (`node dist/src/main.js`, built by `npm test`'s pretest). */
export const MAIN = 'dist/src/main.js';

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Complete stdout lines so far (JSON log lines). */
  out: string[];
  err: string[];
  exited: Promise<number | null>;
}

export function runServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [MAIN], {
    // E-mail of a test server goes to a temporary directory unless the test says where.
    env: { PATH: process.env.PATH ?? '', MAIL_DIR: join(tmpdir(), 'lms-test-mail'), ...env },
  }) as ChildProcessWithoutNullStreams;
  const out: string[] = [];
  const err: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    out.push(...lines.filter(Boolean));
  });
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, err, exited };
}

export async function waitFor<T>(probe: () => T | undefined, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The port a started server logged. */
export const portOf = (p: ServerProcess) =>
  waitFor(() => {
    for (const line of p.out) {
      try {
        const port = JSON.parse(line).port;
        if (typeof port === 'number') return port;
      } catch {
        // not a JSON line
      }
    }
    return undefined;
  });
