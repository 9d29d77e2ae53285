import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { CountingQueryLogger } from '../../src/database/query-counter';
import { REDIS } from '../../src/redis/redis.module';
import { codeOf, TestApp, type GqlResult } from '../support/test-app';

/**
 * Issue #6, hostile input part 3: documents built to exhaust the server. Each is refused with a 4xx, a JSON
 * GraphQL error with an API.md code and a message saying what was wrong, before any resolver runs. "No resolver ran"
 * is observed, not mocked: the per-process SQL statement counter does not move, and the login rate limiter's Redis
 * counters (the first thing `login` touches, before its argon2 verification) stay as they were. Each refusal is
 * followed by a control, so the observers are shown to see a resolver when one does run.
 */

const J = { 'content-type': 'application/json' };

/** Sends a body to /graphql as is; the answer parsed when it is JSON. */
async function post(
  t: TestApp,
  body: string | Buffer,
  headers: Record<string, string> = J,
): Promise<GqlResult & { type: string | null }> {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers, body });
  return answer(res);
}

async function answer(res: Response): Promise<GqlResult & { type: string | null }> {
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertions on `type` and `errors` say so
  }
  return { status: res.status, type: res.headers.get('content-type'), data: body?.data, errors: body?.errors, body };
}

/** A GraphQL request as a client sends it, with the answer's content type. */
const q = (t: TestApp, query: string) => post(t, JSON.stringify({ query }));

const messages = (r: GqlResult) => (r.errors ?? []).map((e) => e.message).join(' | ');

/** A clear refusal: the status, JSON, BAD_USER_INPUT, no data, and a message matching `why`. */
function expectRefused(r: GqlResult & { type?: string | null }, status: number, why: RegExp): void {
  expect({ status: r.status, type: r.type, code: codeOf(r) }).toEqual({
    status,
    type: expect.stringMatching(/^application\/(graphql-response\+)?json/),
    code: 'BAD_USER_INPUT',
  });
  expect(r.errors!.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  expect(r.data).toBeUndefined();
  expect(messages(r)).toMatch(why);
}

/** The SQL counter and every login rate-limit counter in Redis, to show that nothing ran between two readings. */
async function footprint(t: TestApp): Promise<{ sql: number; limiter: Record<string, string | null> }> {
  const redis = t.app.get<Redis>(REDIS);
  const keys = (await redis.keys(`${t.config.redisPrefix}:login:*`)).sort();
  const values = keys.length ? await redis.mget(...keys) : [];
  return { sql: CountingQueryLogger.queries, limiter: Object.fromEntries(keys.map((k, i) => [k, values[i]])) };
}

const LOGIN_CONTROL = (email: string) =>
  `mutation { login(email: "${email}", password: "not the password") { accessToken } }`;

describe('GraphQL abuse: refused before any resolver runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_CONSECUTIVE_FAILURES: '1000', LOGIN_FAILURES_PER_CLIENT: '1000' });
  });
  afterAll(() => t.close());

  /** Runs `abuse`, checks that it left no footprint, then that a real login does leave one. */
  async function expectNothingRan(abuse: () => Promise<void>): Promise<void> {
    const before = await footprint(t);
    await abuse();
    expect(await footprint(t)).toEqual(before);
    const control = await q(t, LOGIN_CONTROL(`control.${Math.random().toString(36).slice(2)}@x.org`));
    expect(codeOf(control)).toBe('UNAUTHENTICATED');
    const after = await footprint(t);
    expect(after.sql).toBeGreaterThan(before.sql);
    expect(Object.keys(after.limiter).length).toBeGreaterThan(Object.keys(before.limiter).length);
  }

  it('refuses a query 20 levels deep, nested directly or through fragments', async () => {
    let nested = 'name';
    for (let i = 0; i < 20; i++) nested = `ofType { ${nested} }`;
    let fragments = '';
    for (let i = 0; i < 20; i++)
      fragments += `fragment T${i} on __Type { ofType { ${i < 19 ? `...T${i + 1}` : 'name'} } } `;
    let inline = 'name';
    for (let i = 0; i < 20; i++) inline = `ofType { ... on __Type { ${inline} } }`;
    await expectNothingRan(async () => {
      // `sessions` would read the database and `login` the rate limiter, had anything run.
      for (const doc of [
        `{ sessions { totalCount } __type(name: "Party") { ${nested} } }`,
        `{ sessions { totalCount } __type(name: "Party") { ...T0 } } ${fragments}`,
        `{ sessions { totalCount } __type(name: "Party") { ${inline} } }`,
      ]) {
        const r = await q(t, doc);
        expectRefused(r, 400, /Query depth limit of 15 exceeded, found 2\d\./);
        expect(messages(r)).not.toMatch(/Syntax Error/);
      }
    });
  });

  // `login` counts the attempt in the rate limiter before it verifies a password: no count, no argon2.
  it('refuses 100 aliases of login without consuming the rate limiter or verifying a password', async () => {
    const aliases = Array.from(
      { length: 100 },
      (_, i) => `l${i}: login(email: "alias${i}@x.org", password: "guess ${i}") { accessToken }`,
    );
    await expectNothingRan(async () => {
      const r = await q(t, `mutation { ${aliases.join('\n')} }`);
      expectRefused(r, 400, /Aliases limit of 15 exceeded, found 100\./);
      // Just over the limit is refused the same way.
      expectRefused(
        await q(t, `mutation { ${aliases.slice(0, 16).join('\n')} }`),
        400,
        /Aliases limit of 15 exceeded, found 16\./,
      );
    });
    const [{ n }] = await t.db.query(`SELECT count(*)::int n FROM app_user WHERE email LIKE 'alias%@x.org'`);
    expect(n).toBe(0);
  });

  it('refuses an array batch of 50 operations as a whole: 400, not 50 answers', async () => {
    const batch = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? { query: LOGIN_CONTROL(`batch${i}@x.org`) } : { query: '{ sessions { totalCount } }' },
    );
    await expectNothingRan(async () => {
      const r = await post(t, JSON.stringify(batch));
      expectRefused(r, 400, /^Operation batching disabled\.$/);
      expect(r.errors).toHaveLength(1);
      // The smallest batches too: an array is never a request.
      for (const small of [[batch[1]], []])
        expectRefused(await post(t, JSON.stringify(small)), 400, /batching disabled/);
    });
  });

  it('refuses a 2 MB document with a 413 JSON error, however it is sent', async () => {
    const doc = `{ sessions { totalCount } ${'__typename '.repeat(191_000)} }`;
    expect(Buffer.byteLength(doc)).toBeGreaterThan(2 * 1024 * 1024);
    await expectNothingRan(async () => {
      const plain = await post(t, JSON.stringify({ query: doc }));
      expectRefused(plain, 413, /^Request body over the limit of 256 kB$/);
      // Compressed it is 6 kB, but the limit applies to the inflated body (no gzip bomb).
      const zipped = gzipSync(JSON.stringify({ query: doc }));
      expect(zipped.length).toBeLessThan(20_000);
      expectRefused(await post(t, zipped, { ...J, 'content-encoding': 'gzip' }), 413, /limit of 256 kB/);
      // In the variables instead of the document: the same.
      expectRefused(
        await post(t, JSON.stringify({ query: '{ __typename }', variables: { pad: doc } })),
        413,
        /limit of 256 kB/,
      );
      // As a GET query string: refused by Node's HTTP parser (16 kB of request line and headers), still in JSON.
      const get = await answer(
        await fetch(`${t.url}/graphql?query=${encodeURIComponent(doc)}`, {
          headers: { 'apollo-require-preflight': 'true' },
        }),
      );
      expectRefused(get, 431, /too large: send the GraphQL document in a POST body/);
      // As application/graphql or text/plain: not a content type the API reads; the body is never parsed.
      const asGraphql = await post(t, doc, {
        'content-type': 'application/graphql',
        'apollo-require-preflight': 'true',
      });
      expectRefused(asGraphql, 400, /invalid Content-Type/);
      expectRefused(await post(t, doc, { 'content-type': 'text/plain' }), 400, /Cross-Site Request Forgery/);
      // Under the byte limit but over the token limit: the parser stops at 5,000 tokens.
      const manyTokens = `{ sessions { totalCount } ${'__typename '.repeat(20_000)} }`;
      expectRefused(await q(t, manyTokens), 400, /more than 5000 tokens|more that 5000 tokens/);
    });
  });

  it("answers in JSON what Node's HTTP parser refuses before Express sees it", async () => {
    const { hostname, port } = new URL(t.url);
    const rawAnswer = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(bytes));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    const garbage = await rawAnswer('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1])).toEqual({
      errors: [{ message: 'Malformed HTTP request', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const hugeHeader = await rawAnswer(`POST /graphql HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(hugeHeader).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(hugeHeader.split('\r\n\r\n')[1]).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  // Validation walks fragments (graphql-armor's depth and cost rules flatten them): an answer at all shows it ends.
  it('refuses fragment cycles with 400 and the cycle named, whatever their shape', async () => {
    const long = (n: number) =>
      Array.from({ length: n }, (_, i) => `fragment C${i} on Query { ...C${(i + 1) % n} }`).join(' ');
    const cycles: [string, RegExp][] = [
      ['{ ...A } fragment A on Query { ...A }', /Cannot spread fragment "A" within itself\./],
      [
        '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
        /Cannot spread fragment "A" within itself via "B"\./,
      ],
      // Through fields, inline fragments and a type condition.
      [
        '{ me { ...U } } fragment U on User { id party { ...P } } fragment P on Party { code ... on Party { ...Q } } fragment Q on Party { name ...P }',
        /Cannot spread fragment "P" within itself via "Q"\./,
      ],
      // In a fragment the operation does not even use.
      [
        '{ __typename } fragment X on Query { ...Y } fragment Y on Query { sessions { totalCount } ...X }',
        /Cannot spread fragment "X" within itself via "Y"\./,
      ],
      // 500 fragments long, and 200 with two spreads each (every path through them loops).
      [`{ ...C0 } ${long(500)}`, /Cannot spread fragment "C0" within itself via "C1", "C2",/],
      [
        `{ ...C0 } ${Array.from({ length: 200 }, (_, i) => `fragment C${i} on Query { ...C${(i + 1) % 200} ... on Query { ...C${(i + 7) % 200} } }`).join(' ')}`,
        /Cannot spread fragment "C0" within itself/,
      ],
    ];
    await expectNothingRan(async () => {
      for (const [doc, why] of cycles) {
        expectRefused(await q(t, doc), 400, why);
      }
      // Not a cycle but its cousin: each fragment spreads the next twice, 2^60 paths if expanded. Refused by cost.
      const bomb = Array.from({ length: 61 }, (_, i) =>
        i < 60
          ? `fragment F${i} on Query { ...F${i + 1} ... on Query { ...F${i + 1} } }`
          : `fragment F${i} on Query { sessions { totalCount } }`,
      ).join(' ');
      expectRefused(await q(t, `{ ...F0 } ${bomb}`), 400, /Query Cost limit of 5000 exceeded/);
    });
    // The server is none the worse.
    expect((await q(t, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});

describe('GraphQL abuse in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), SEED_DEMO: 'false' });
  });
  afterAll(() => t.close());

  it('refuses introspection in every form, and suggests no field names', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const before = CountingQueryLogger.queries;
    for (const doc of [
      getIntrospectionQuery(),
      '{ __schema { types { name } } }',
      '{ __type(name: "User") { fields { name } } }',
      '{ sessions { totalCount } __schema { queryType { name } } }',
      'query { ...S } fragment S on Query { __schema { mutationType { fields { name } } } }',
    ]) {
      const r = await q(t, doc);
      expectRefused(r, 400, /introspection/i);
      expect(JSON.stringify(r.body)).not.toMatch(/"(User|Session|Mutation)"|fields/);
    }
    const typo = await q(t, '{ sesions { totalCount } }');
    expect(codeOf(typo)).toBe('BAD_USER_INPUT');
    expect(messages(typo)).not.toMatch(/did you mean|sessions/i);
    expect(CountingQueryLogger.queries).toBe(before);
    // __typename is not introspection.
    expect((await q(t, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('keeps the limits: depth, aliases, batches, size', async () => {
    let nested = 'name';
    for (let i = 0; i < 20; i++) nested = `ofType { ${nested} }`;
    const deep = await q(t, `{ __type(name: "Party") { ${nested} } }`);
    expect(deep.status).toBe(400);
    expect(messages(deep)).toMatch(/Query depth limit of 15 exceeded/);
    const aliases = Array.from(
      { length: 100 },
      (_, i) => `l${i}: login(email: "p${i}@x.org", password: "p") { accessToken }`,
    ).join(' ');
    expectRefused(await q(t, `mutation { ${aliases} }`), 400, /Aliases limit of 15 exceeded/);
    const batch = JSON.stringify(Array.from({ length: 50 }, () => ({ query: '{ __typename }' })));
    expectRefused(await post(t, batch), 400, /batching disabled/);
    expectRefused(
      await post(t, JSON.stringify({ query: `{ ${'__typename '.repeat(190_000)} }` })),
      413,
      /limit of 256 kB/,
    );
  });
});
