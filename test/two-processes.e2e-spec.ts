import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runServer, portOf, type ServerProcess } from './support/server-process';
import { expectInvariants, expectOneEventPerChange, seatState, webinarInput } from './support/enrolment-fixtures';

/**
 * Two API processes on two ports against one database: the seat lock lives in PostgreSQL, not in a process, so
 * the race run through both holds every invariant.
 */
describe('two API processes on one database', () => {
  const dbName = `lms_test_two_${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${dbName}`,
    PORT: '0',
    REDIS_PREFIX: dbName,
    ADMIN_EMAIL: 'admin@two.example.org',
    ADMIN_PASSWORD: 'admin-password-123',
    SEED_DEMO: 'false',
    PROCESS_ROLE: 'api',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'two-processes-share-this-secret-0123456789',
    // 80 sign-ups from this one address; sign-in failures are not what this suite is about either.
    REGISTRATIONS_PER_CLIENT: '1000',
  };
  let servers: ServerProcess[] = [];
  let urls: string[] = [];
  let db: Client;
  const sql = { query: async (text: string, params?: unknown[]) => (await db.query(text, params)).rows };

  const gql = async (i: number, query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(`${urls[i % urls.length]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
  };

  beforeAll(async () => {
    // LOG_LEVEL=warn hides the start line with the port: ask for it at info, requests stay quiet enough
    servers = [runServer({ ...env, LOG_LEVEL: 'info' }), runServer({ ...env, LOG_LEVEL: 'info' })];
    const ports = await Promise.all(servers.map((s) => portOf(s)));
    urls = ports.map((p) => `http://127.0.0.1:${p}`);
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await db?.end();
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('keeps seats, waitlist and outbox exact when delegates race through both', async () => {
    expect(urls[0]).not.toBe(urls[1]);
    const login = await gql(
      0,
      `mutation { login(email: "admin@two.example.org", password: "admin-password-123") { accessToken } }`,
      {},
    );
    const admin = login.data.login.accessToken;
    const created = await gql(
      1,
      `mutation W($input: WebinarInput!) { scheduleWebinar(input: $input) { id } }`,
      {
        input: webinarInput({ capacity: 15 }),
      },
      admin,
    );
    const sessionId = created.data.scheduleWebinar.id;

    // 80 delegates register, half through each process, and sign in once their address is confirmed (these API-only
    // processes send no e-mail: the confirmation, tested in registration.e2e-spec, is written here directly)
    const tokens: string[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const regs = await Promise.all(
        Array.from({ length: 20 }, (_, k) => {
          const i = batch * 20 + k;
          return gql(i, `mutation R($input: RegisterInput!) { register(input: $input) { verificationRequired } }`, {
            input: {
              email: `racer${i}@two.example.org`,
              password: 'correct horse battery',
              fullName: `Racer ${i}`,
              partyCode: 'GHA',
              language: 'EN',
              timeZone: 'Africa/Accra',
            },
          });
        }),
      );
      for (const r of regs) expect(r.data.register.verificationRequired).toBe(true);
    }
    await sql.query(`UPDATE app_user SET email_verified_at = now() WHERE email LIKE 'racer%@two.example.org'`);
    for (let batch = 0; batch < 4; batch++) {
      const logins = await Promise.all(
        Array.from({ length: 20 }, (_, k) => {
          const i = batch * 20 + k;
          return gql(i + 1, `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
            e: `racer${i}@two.example.org`,
            p: 'correct horse battery',
          });
        }),
      );
      for (const r of logins) tokens.push(r.data.login.accessToken);
    }

    const ENROL = `mutation E($s: ID!) { enrol(sessionId: $s) { id status waitlistPosition } }`;
    const enrolled = await Promise.all(tokens.map((tk, i) => gql(i, ENROL, { s: sessionId }, tk)));
    for (const r of enrolled) expect(r.errors).toBeUndefined();
    expect(enrolled.filter((r) => r.data.enrol.status === 'CONFIRMED')).toHaveLength(15);
    expect(enrolled.filter((r) => r.data.enrol.status === 'WAITLISTED')).toHaveLength(65);
    let state = await seatState(sql, sessionId);
    expectInvariants(state);
    expect(state.waitlistPositions).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));

    // a storm through both: 25 cancellations (confirmed and waitlisted), double enrolments, capacity raised
    const ops: Promise<{ status: number; errors?: unknown[] }>[] = [];
    const cancelling = new Set<number>();
    enrolled.forEach((r, i) => {
      if (i % 3 === 0 && ops.length < 40) {
        cancelling.add(i);
        ops.push(
          gql(
            i + 1,
            `mutation C($id: ID!) { cancelEnrolment(id: $id) { status } }`,
            { id: r.data.enrol.id },
            tokens[i],
          ),
        );
      }
      // (Not for a delegate cancelling in the same storm: enrolling after the cancellation would be a new enrolment,
      // and which of the two comes first is the race's to decide.)
      if (i % 7 === 0 && !cancelling.has(i)) ops.push(gql(i + 1, ENROL, { s: sessionId }, tokens[i]));
      if (i === 40) ops.push(gql(1, `mutation { setCapacity(id: "${sessionId}", capacity: 24) { id } }`, {}, admin));
    });
    const results = await Promise.all(ops);
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
    }
    state = await seatState(sql, sessionId);
    expectInvariants(state);
    expect(state.capacity).toBe(24);
    const [{ active }] = await sql.query(
      `SELECT count(*)::int AS active FROM enrolment WHERE session_id = $1 AND status IN ('CONFIRMED', 'WAITLISTED')`,
      [sessionId],
    );
    const cancelled = enrolled.filter((_, i) => i % 3 === 0).length;
    expect(active).toBe(80 - cancelled);
    expect(state.seatsTaken).toBe(Math.min(24, active));
    expect(state.waitlistPositions).toEqual(Array.from({ length: active - state.seatsTaken }, (_, i) => i + 1));
    await expectOneEventPerChange(sql);
    // 80 sign-ups and 80 sign-ins are 160 argon2 runs, one at a time per process on a 2-core runner.
  }, 240_000);
});
