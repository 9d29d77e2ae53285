import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { MAIN, runServer as run, waitFor } from './support/server-process';

/**
 * The built server process as a user runs it: configuration checked at start, JSON log lines with request ids,
 * and a graceful stop on SIGTERM.
 */
describe('the server process', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  });

  it('refuses to start on bad configuration, naming each bad variable', async () => {
    const p = run({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', REMINDER_OFFSETS: 'soon' });
    expect(await p.exited).toBe(78);
    const text = p.err.join('');
    expect(text).toMatch(/PORT/);
    expect(text).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(text).toMatch(/REMINDER_OFFSETS/);
    expect(text).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });

  it('logs JSON lines with request ids, and stops gracefully on SIGTERM, finishing the request in hand', async () => {
    const db = `lms_test_proc_${randomBytes(4).toString('hex')}`;
    const p = run({
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
      PORT: '0',
      REDIS_PREFIX: db,
      ADMIN_EMAIL: 'admin@proc.example.org',
      ADMIN_PASSWORD: 'admin-password-123',
      SEED_DEMO: 'false',
      NODE_ENV: 'test',
    });
    try {
      const port = await waitFor(() => p.out.map((l) => JSON.parse(l)).find((l) => l.port)?.port as number | undefined);
      const health = await fetch(`http://127.0.0.1:${port}/health`, { headers: { 'x-request-id': 'proc-test-1' } });
      expect(health.status).toBe(200);

      // A login (argon2 takes a moment) is in flight when SIGTERM arrives: it still gets its answer.
      const login = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { login(email: "admin@proc.example.org", password: "admin-password-123") { accessToken } }',
        }),
      });
      await new Promise((r) => setTimeout(r, 20));
      p.child.kill('SIGTERM');
      const answer: any = await (await login).json();
      expect(answer.data.login.accessToken).toMatch(/^ey/);
      expect(await p.exited).toBe(0);

      const lines = p.out.map((l) => JSON.parse(l)); // every line is JSON
      expect(lines.find((l) => l.req?.id === 'proc-test-1' && l.res?.statusCode === 200)).toBeDefined();
      expect(lines.some((l) => l.msg === 'received SIGTERM, shutting down')).toBe(true);
      expect(lines[lines.length - 1].msg).toBe('stopped');
      expect(p.out.join('\n')).not.toContain('admin-password-123');
    } finally {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
      const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
