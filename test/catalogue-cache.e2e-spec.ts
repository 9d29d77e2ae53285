import { Client } from 'pg';
import { Role } from '../src/auth/role.enum';
import { CountingQueryLogger } from '../src/database/query-counter';
import { CATALOGUE_CACHE_TTL_MS } from '../src/sessions/catalogue-cache.plugin';
import { ENROL } from './support/enrolment-fixtures';
import { codeOf, must, TestApp } from './support/test-app';

/** The catalogue page as a browser asks for it: public fields only, so the cache may answer it. */
const CATALOGUE = `query C($from: DateTime, $first: Int!) {
  sessions(from: $from, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind title startsAt endsAt capacity seatsLeft modules { code title } trainers { id fullName }
      ... on Workshop { region venue hostCentre { name city } prerequisiteModules { code } } } }
  }
}`;
/** The same with the join link, which depends on the viewer: never cached. */
const WITH_JOIN_LINK = `query J($first: Int!) { sessions(first: $first) { edges { node { id ... on Webinar { joinUrl } } } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A webinar still open for enrolment (the demo's Webinar 0 ran last month). */
const upcomingWebinar = (e: any) => e.node.kind === 'WEBINAR' && Date.parse(e.node.startsAt) > Date.now();

describe('the catalogue cache (issue #6, P2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** Runs a request and counts the SQL statements it cost this process. */
  const counted = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const before = CountingQueryLogger.queries;
    const r = await t.gql(query, variables, token);
    return { r, queries: CountingQueryLogger.queries - before };
  };
  const seatsLeftOf = (r: any, id: string) => r.data.sessions.edges.find((e: any) => e.node.id === id).node.seatsLeft;

  it('answers a repeated page from memory, to any caller, and shows an enrolment made here at once', async () => {
    const { token } = await t.user([Role.DELEGATE]); // (made first: any commit empties the cache)
    const first = await counted(CATALOGUE, { first: 50 });
    expect(first.r.errors).toBeUndefined();
    expect(first.queries).toBeGreaterThan(2);
    const again = await counted(CATALOGUE, { first: 50 });
    expect(again.queries).toBe(0);
    expect(again.r.body).toEqual(first.r.body);
    // A signed-in delegate gets the same page (their token is still checked: one query).
    const signedIn = await counted(CATALOGUE, { first: 50 }, token);
    expect(signedIn.queries).toBe(1);
    expect(signedIn.r.body).toEqual(first.r.body);

    const webinar = first.r.data.sessions.edges.find(upcomingWebinar).node;
    must(await t.gql(ENROL, { s: webinar.id }, token), 'enrol');
    const after = await t.gql(CATALOGUE, { first: 50 });
    expect(seatsLeftOf(after, webinar.id)).toBe(webinar.seatsLeft - 1);
  });

  it('shows a plain UPDATE run here at once, and a change made by another process within the time to live', async () => {
    const page = await t.gql(CATALOGUE, { first: 10 });
    const session = page.data.sessions.edges[0].node;
    await t.db.query(`UPDATE training_session SET capacity = capacity + 5 WHERE id = $1`, [session.id]);
    expect(seatsLeftOf(await t.gql(CATALOGUE, { first: 10 }), session.id)).toBe(session.seatsLeft + 5);

    // Another process: a connection of its own, which this process cannot hear.
    const other = new Client({ connectionString: t.config.databaseUrl });
    await other.connect();
    try {
      await other.query(`UPDATE training_session SET capacity = capacity + 7 WHERE id = $1`, [session.id]);
    } finally {
      await other.end();
    }
    await sleep(CATALOGUE_CACHE_TTL_MS + 100);
    expect(seatsLeftOf(await t.gql(CATALOGUE, { first: 10 }), session.id)).toBe(session.seatsLeft + 12);
  });

  it('is kept through writes no page shows (mail ledger, outbox, statistics), emptied by a transaction that also changes a session', async () => {
    const first = await counted(CATALOGUE, { first: 50 });
    const session = first.r.data.sessions.edges[0].node;
    // What a backlog of e-mails writes while it drains (issue #17, P2): outside and inside transactions.
    await t.db.query(`UPDATE mail_delivery SET id = id WHERE false`);
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE "outbox_event" SET id = id WHERE false`);
      await tx.query(`DELETE FROM stats_enrolment_cell WHERE false`);
      await tx.query(`INSERT INTO enrolment_change SELECT * FROM enrolment_change WHERE false`);
    });
    expect((await counted(CATALOGUE, { first: 50 })).queries).toBe(0);
    // Rolled back, a session change shows nothing and keeps the page.
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`UPDATE training_session SET capacity = capacity + 1 WHERE id = $1`, [session.id]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await counted(CATALOGUE, { first: 50 })).queries).toBe(0);
    // Committed with the outbox's write, it empties the cache and the page shows it at once.
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE outbox_event SET id = id WHERE false`);
      await tx.query(`UPDATE training_session SET capacity = capacity + 1 WHERE id = $1`, [session.id]);
    });
    const after = await counted(CATALOGUE, { first: 50 });
    expect(after.queries).toBeGreaterThan(2);
    expect(seatsLeftOf(after.r, session.id)).toBe(session.seatsLeft + 1);
  });

  it("shares a page between callers' own `from` only while no session ends in between", async () => {
    const now = Date.now();
    const base = await t.gql(CATALOGUE, { from: new Date(now).toISOString(), first: 50 });
    const firstEnd = Date.parse(base.data.sessions.edges[0].node.endsAt);
    const total = base.data.sessions.totalCount;

    // A second later, or a minute before the first session ends: the same sessions, from memory.
    for (const later of [now + 1000, firstEnd - 60_000, firstEnd]) {
      const same = await counted(CATALOGUE, { from: new Date(later).toISOString(), first: 50 });
      expect(same.queries).toBe(0);
      expect(same.r.body).toEqual(base.body);
    }
    // Just after the first session ends: it is gone, and the total is one less.
    const past = await counted(CATALOGUE, { from: new Date(firstEnd + 1).toISOString(), first: 50 });
    expect(past.queries).toBeGreaterThan(0);
    expect(past.r.data.sessions.totalCount).toBe(total - 1);
    expect(past.r.data.sessions.edges.map((e: any) => e.node.id)).not.toContain(base.data.sessions.edges[0].node.id);
  });

  it('never answers from memory what depends on the viewer, nor what was an error', async () => {
    const page = await t.gql(CATALOGUE, { first: 50 });
    const webinar = page.data.sessions.edges.find(upcomingWebinar).node;
    const holder = await t.user([Role.DELEGATE]);
    const stranger = await t.user([Role.DELEGATE]);
    must(await t.gql(ENROL, { s: webinar.id }, holder.token), 'enrol');
    const link = (r: any) => r.data.sessions.edges.find((e: any) => e.node.id === webinar.id).node.joinUrl;
    for (let i = 0; i < 2; i++) {
      const mine = await counted(WITH_JOIN_LINK, { first: 50 }, holder.token);
      expect(mine.queries).toBeGreaterThan(1);
      expect(link(mine.r)).toMatch(/^https:\/\//);
      expect(link(await t.gql(WITH_JOIN_LINK, { first: 50 }, stranger.token))).toBeNull();
      expect(link(await t.gql(WITH_JOIN_LINK, { first: 50 }))).toBeNull();
    }

    // Errors are answered afresh each time; a `from` that is no date-time is refused even when a page is cached.
    for (let i = 0; i < 2; i++) {
      const tooMany = await t.gql(CATALOGUE, { first: 1000 });
      expect(tooMany.errors![0].extensions!.field).toBe('first');
    }
    await t.gql(CATALOGUE, { from: new Date().toISOString(), first: 5 });
    expect(codeOf(await t.gql(CATALOGUE, { from: 'yesterday', first: 5 }))).toBe('BAD_USER_INPUT');
    // A bad token is refused before the cache is asked.
    expect(codeOf(await t.gql(CATALOGUE, { first: 50 }, 'not.a.token'))).toBe('UNAUTHENTICATED');
  });
});
