import { CountingQueryLogger } from '../src/database/query-counter';
import { aTrainer, manyWebinars } from './support/factories';
import { codeOf, TestApp } from './support/test-app';

const PAGE = `query P($first: Int!) { sessions(first: $first) { totalCount edges { node { id title seatsLeft
  modules { code title } trainers { id fullName }
  ... on Workshop { hostCentre { name country { name } } prerequisiteModules { code } } } } } }`;

describe('GraphQL done properly', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    // 60 more webinars, of each module in turn and run by a trainer, so that a page of 50 is full.
    const trainer = await aTrainer(t);
    const modules = ['NIP', 'REPORTING', 'BAT_BEP', 'COORDINATION'];
    await manyWebinars(t, 60, (i) => ({ moduleCode: modules[i % modules.length], trainerIds: [trainer.user.id] }));
  });
  afterAll(() => t.close());

  it('costs the same number of SQL queries for a page of 50 sessions as for a page of 5', async () => {
    const count = async (first: number) => {
      // Warm-up (metadata, prepared plans), with another page size: the catalogue cache would answer the very same
      // request from memory, with no query at all.
      await t.gql(PAGE, { first: first + 1 });
      const before = CountingQueryLogger.queries;
      const r = await t.gql(PAGE, { first });
      expect(r.errors).toBeUndefined();
      expect(r.data.sessions.edges).toHaveLength(first);
      expect(r.data.sessions.edges.every((e: any) => e.node.modules.length >= 1 && e.node.trainers.length >= 1)).toBe(
        true,
      );
      return CountingQueryLogger.queries - before;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(12);
  });

  it('refuses a 20-level document before any resolver runs, and keeps the standard introspection working', async () => {
    let nested = 'name';
    for (let i = 0; i < 20; i++) nested = `ofType { ${nested} }`;
    const before = CountingQueryLogger.queries;
    const deep = await t.gql(
      `{ __type(name: "Party") { fields { type { ${nested} } } } me { id } sessions { totalCount } }`,
    );
    expect(deep.status).toBe(400);
    expect(codeOf(deep)).toBe('BAD_USER_INPUT');
    expect(deep.errors!.map((e) => e.message).join(' ')).toMatch(/depth limit of 15 exceeded/i);
    expect(deep.data).toBeUndefined();
    expect(CountingQueryLogger.queries).toBe(before); // no resolver touched the database
    const { getIntrospectionQuery } = await import('graphql');
    const intro = await t.gql(getIntrospectionQuery());
    expect(intro.errors).toBeUndefined();
    expect(intro.data.__schema.types.length).toBeGreaterThan(20);
  });

  it('refuses a document over the cost limit, and too many aliases', async () => {
    const heavy = Array.from(
      { length: 15 },
      (_, i) =>
        `a${i}: sessions(first: 100) { edges { node { id title modules { code title summary learningObjectives passMark } trainers { id fullName roles language timeZone party { code name region status } } ... on Workshop { hostCentre { name city country { code name region status } } prerequisiteModules { code title summary } } } } }`,
    ).join('\n');
    const costly = await t.gql(`{ ${heavy} }`);
    expect(codeOf(costly)).toBe('BAD_USER_INPUT');
    expect(costly.errors!.map((e) => e.message).join(' ')).toMatch(/cost/i);
    const aliases = Array.from(
      { length: 100 },
      (_, i) => `l${i}: login(email: "a${i}@x.org", password: "p")  { accessToken }`,
    ).join('\n');
    const many = await t.gql(`mutation { ${aliases} }`);
    expect(codeOf(many)).toBe('BAD_USER_INPUT');
    expect(many.errors!.map((e) => e.message).join(' ')).toMatch(/alias/i);
    const [{ n }] = await t.db.query(`SELECT count(*)::int n FROM app_user WHERE email LIKE 'a%@x.org'`);
    expect(n).toBe(0);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('answers malformed documents, unknown fields and wrong variable types with BAD_USER_INPUT, never 500', async () => {
    for (const [query, variables] of [
      ['{ sessions { ', {}],
      ['{ nope }', {}],
      ['query($f: Int) { sessions(first: $f) { totalCount } }', { f: 'many' }],
      ['query($f: Int) { sessions(first: $f) { totalCount } }', { f: 1e12 }],
      ['query($k: SessionKind) { sessions(kind: $k) { totalCount } }', { k: 'CONCERT' }],
      ['query($d: DateTime) { sessions(from: $d) { totalCount } }', { d: 'yesterday' }],
      ['mutation { login(email: "a@b.org") { accessToken } }', {}],
    ] as const) {
      const r = await t.gql(query, variables as Record<string, unknown>);
      expect(r.status).toBeLessThan(500);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
    }
    const huge = await t.gql(`{ ${'__typename '.repeat(6000)} }`);
    expect(huge.status).toBe(400);
    expect(huge.errors![0].message).toMatch(/token/i);
    const notJson = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const tooBig = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(1024 * 1024) } }),
    });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('masks unexpected errors: no stack, no SQL', async () => {
    // A database-level failure the resolvers cannot expect: the party table vanishes for one request.
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('ALTER TABLE party RENAME TO party_gone');
    await runner.commitTransaction();
    try {
      const r = await t.gql('{ parties { code } }');
      expect(r.status).toBeLessThan(500);
      expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
      expect(r.errors![0].message).toBe('Internal server error');
      const text = JSON.stringify(r.body);
      expect(text).not.toMatch(/party_gone|relation|SELECT|stack|at .*\.ts/);
    } finally {
      await runner.query('ALTER TABLE party_gone RENAME TO party');
      await runner.release();
    }
  });

  it("serves Apollo's landing page and introspection in development", async () => {
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/apollo/i);
  });

  it('reports health of the database and Redis, and carries a request id', async () => {
    const res = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'test-req-42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('test-req-42');
    const body: any = await res.json();
    expect(body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    const other = await fetch(`${t.url}/health`);
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SEED_DEMO: 'false' });
  });
  afterAll(() => t.close());

  it('turns off introspection and the landing page, and does not seed the demo programme', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const intro = await t.gql(getIntrospectionQuery());
    expect(codeOf(intro)).toBe('BAD_USER_INPUT');
    expect(intro.data).toBeUndefined();
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).not.toMatch(/html/);
    expect(await page.text()).not.toMatch(/<html|sandbox|embeddable/i);
    const modules = await t.gql('{ thematicModules { code } sessions { totalCount } }');
    expect(modules.data.thematicModules).toHaveLength(4); // reference data is always loaded
    expect(modules.data.sessions.totalCount).toBe(0);
  });
});

describe('health when Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ REDIS_URL: 'redis://127.0.0.1:6399' });
  });
  afterAll(() => t.close());

  it('answers 503 naming Redis, while the database is up', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(503);
    const body: any = await res.json();
    expect(body.details.database.status).toBe('up');
    expect(body.details.redis.status).toBe('down');
  });
});
