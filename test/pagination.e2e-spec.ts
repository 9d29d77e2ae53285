import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Role } from '../src/auth/role.enum';
import { manyUsers } from './support/enrolment-fixtures';
import { aDelegate, aWebinar, anEnrolment } from './support/factories';
import { codeOf, must, TestApp } from './support/test-app';

const ID = '0b7f7c8e-3c57-4b8a-9f6e-2f1d3c4b5a69';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Cursors no list ever hands out; each was, or could have been, bound to a query unchecked. */
const CRAFTED: [string, string][] = [
  ['a date of 10001 BC (a 500 before)', cursorOf(['-010000-01-01T00:00:00.000Z', ID])],
  ['the last date JavaScript holds', cursorOf(['+275760-09-13T00:00:00.000Z', ID])],
  ['year 0000, which PostgreSQL does not read', cursorOf(['0000-01-01T00:00:00.000Z', ID])],
  ['30 February', cursorOf(['2027-02-30T00:00:00.000Z', ID])],
  ['a date with an offset', cursorOf(['2027-01-01T00:00:00.000+01:00', ID])],
  ['a number for the date', cursorOf([1798761600000, ID])],
  ['an id that is not a UUID', cursorOf(['2027-01-01T00:00:00.000Z', "1' OR '1'='1"])],
  ['a number for the id', cursorOf(['2027-01-01T00:00:00.000Z', 7])],
  ['three parts', cursorOf(['2027-01-01T00:00:00.000Z', ID, ID])],
  ['an object', cursorOf({ at: '2027-01-01T00:00:00.000Z', id: ID })],
  ['padded base64', Buffer.from(JSON.stringify(['2027-01-01T00:00:00.000Z', ID])).toString('base64')],
  ['not base64', '%%%'],
  ['empty', ''],
  ['too long', 'A'.repeat(600)],
];

/** Required arguments of the paginated queries, by name. */
const REQUIRED: Record<string, (ids: { sessionId: string }) => Record<string, unknown>> = {
  sessionEnrolments: ({ sessionId }) => ({ sessionId }),
};

describe('Pagination cursors (issue #13, point 4)', () => {
  let t: TestApp;
  let admin: string;
  let delegate: { user: { id: string }; token: string };
  let sessionId: string;
  let paginated: { name: string; args: { name: string; type: string }[] }[];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    delegate = await aDelegate(t);
    const schema = t.app.get(GraphQLSchemaHost).schema;
    paginated = Object.values(schema.getQueryType()!.getFields())
      .filter((f) => f.args.some((a) => a.name === 'after'))
      .map((f) => ({ name: f.name, args: f.args.map((a) => ({ name: a.name, type: String(a.type) })) }));
    // Enrolments written by now() in quick succession: times with microseconds, several in one millisecond.
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) sessions.push((await aWebinar(t, admin, { title: `Paged ${i}` })).id);
    sessionId = sessions[0];
    for (const s of sessions) await anEnrolment(t, s, delegate);
    for (const d of await manyUsers(t, 6, [Role.DELEGATE])) await anEnrolment(t, sessionId, d, { by: admin });
  });
  afterAll(() => t?.close());

  it('finds every paginated query in the schema', () => {
    expect(paginated.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        'sessions',
        'materials',
        'myEnrolments',
        'sessionEnrolments',
        'partyEnrolments',
        'users',
        'mailDeliveries',
      ]),
    );
  });

  /** The query with `after`, its required arguments, asking only for the count and the end cursor. */
  function page(name: string, after: unknown, token: string, first = 2) {
    const q = paginated.find((p) => p.name === name)!;
    const vars: Record<string, unknown> = { ...(REQUIRED[name]?.({ sessionId }) ?? {}), first, after };
    const used = q.args.filter((a) => a.name in vars);
    const doc =
      `query Q(${used.map((a) => `$${a.name}: ${a.type}`).join(', ')}) ` +
      `{ ${name}(${used.map((a) => `${a.name}: $${a.name}`).join(', ')}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }`;
    return t.gql(doc, vars, token);
  }

  const tokenFor = (name: string) => (name === 'myEnrolments' ? delegate.token : admin);

  it('answers every crafted cursor on every paginated query with BAD_USER_INPUT on `after`, never a 500', async () => {
    const answers: string[] = [];
    for (const q of paginated) {
      for (const [what, cursor] of CRAFTED) {
        const r = await page(q.name, cursor, tokenFor(q.name));
        answers.push(`${q.name} / ${what}: ${r.status} ${codeOf(r)} ${r.errors?.[0]?.extensions?.field}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(': 200 BAD_USER_INPUT after'))).toEqual([]);
    expect(answers.length).toBe(paginated.length * CRAFTED.length);
  });

  it('takes the extreme positions both PostgreSQL and JavaScript hold', async () => {
    for (const q of paginated) {
      for (const at of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999999Z']) {
        const r = await page(q.name, cursorOf([at, ID]), tokenFor(q.name));
        expect([q.name, at, r.errors]).toEqual([q.name, at, undefined]);
      }
    }
  });

  it('pages one row at a time without repeating or skipping rows written in the same millisecond', async () => {
    for (const [name, token] of [
      ['myEnrolments', delegate.token],
      ['sessionEnrolments', admin],
      ['partyEnrolments', admin],
      ['users', admin],
    ] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let guard = 0; guard < 200; guard++) {
        const r = await page(name, after, token, 1);
        const conn = must(r, name);
        total = conn.totalCount;
        seen.push(...conn.edges.map((e: { cursor: string }) => e.cursor));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect([name, seen.length]).toEqual([name, total]);
      expect([name, new Set(seen).size]).toEqual([name, total]);
    }
  });
});
