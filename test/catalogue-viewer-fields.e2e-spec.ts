import { Client } from 'pg';
import { Role } from '../src/auth/role.enum';
import { CountingQueryLogger } from '../src/database/query-counter';
import { CatalogueCachePlugin } from '../src/sessions/catalogue-cache.plugin';
import { CANCEL_ENROLMENT, ENROL } from './support/enrolment-fixtures';
import { aDelegate, aFocalPoint, anEnrolment, aTrainer, aWebinar, aWorkshop } from './support/factories';
import { must, TestApp } from './support/test-app';

/**
 * The catalogue cache answering pages with the viewer's own fields (issue #17, P2b): the page without them from
 * memory, each caller's own values written into a copy. What it answers must be, byte for byte, what executing the
 * document gives the same caller, and never anything of another caller's.
 */

/** The web application's catalogue query as its urql client sends it (bench/p2-catalogue.ts, WEB_CATALOGUE). */
const WEB = `query Catalogue($first: Int!, $after: String, $kind: SessionKind, $moduleCode: String, $region: UnRegion, $from: DateTime, $to: DateTime) {
  sessions(first: $first, after: $after, kind: $kind, moduleCode: $moduleCode, region: $region, from: $from, to: $to) {
    totalCount
    pageInfo { endCursor hasNextPage __typename }
    edges {
      node {
        __typename id kind title startsAt endsAt timeZone language status capacity seatsLeft
        modules { id code title __typename }
        myEnrolment { id status __typename }
        ... on Workshop {
          travelFundable region
          hostCentre { id name city __typename }
          prerequisiteModules { id code __typename }
          __typename
        }
      }
      __typename
    }
    __typename
  }
}`;

/** Aliases, named fragments on each kind, the join link, two lists of sessions, and no `__typename` on the node. */
const ALIASED = `query Aliased($first: Int!, $kind: SessionKind) {
  soon: sessions(first: $first) {
    all: edges { session: node { key: id ...Mine ...OnWebinar ...OnWorkshop } }
  }
  filtered: sessions(first: 3, kind: $kind) { edges { node { id title mine: myEnrolment { status } } } }
}
fragment Mine on TrainingSession { mine: myEnrolment { at: createdAt ...Row } }
fragment Row on Enrolment { status funded statusChangedAt endorsedAt __typename id }
fragment OnWebinar on Webinar { link: joinUrl title }
fragment OnWorkshop on Workshop { title fund: travelFundable mine: myEnrolment { at: createdAt ...Row } }`;

/** Executed as usual, never answered from memory: a directive, or a field of the enrolment that has a resolver. */
const executed = (query: string) => query.replace(/myEnrolment \{/g, 'myEnrolment @skip(if: false) {');
const WITH_POSITION = `query P($first: Int!) { sessions(first: $first) { edges { node { id myEnrolment { id waitlistPosition } } } } }`;

const PUBLIC = `query Pub($first: Int!) { sessions(first: $first) { totalCount edges { node { id title seatsLeft } } } }`;

describe('the catalogue cache with the viewer’s own fields (issue #17, P2b)', () => {
  let t: TestApp;
  let admin: string;

  /** The response's text as sent, and the SQL statements it cost this process. */
  const raw = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const before = CountingQueryLogger.queries;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    return { text, body: JSON.parse(text), queries: CountingQueryLogger.queries - before };
  };
  /**
   * The answer from memory: the token's user and, for a signed-in caller, one statement for the page's own fields
   * (asked again while a page made more than the time to live ago, on a slow machine, had to be made afresh).
   */
  const fromMemory = async (query: string, variables: Record<string, unknown>, token?: string) => {
    for (let i = 0; ; i++) {
      const r = await raw(query, variables, token);
      if (r.queries === (token ? 2 : 0) || i === 2) {
        expect(r.queries).toBe(token ? 2 : 0);
        return r;
      }
    }
  };
  /** Everything the cache holds, as text. */
  const cached = () => JSON.stringify([...(t.app.get(CatalogueCachePlugin) as any).entries.values()]);

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('answers the web app’s page from memory with each viewer’s own fields, as executing it would', async () => {
    const nip = await aTrainer(t, { modules: ['NIP'] });
    const small = await aWebinar(t, admin, { capacity: 1, title: 'Small webinar', trainerIds: [nip.user.id] });
    const big = await aWebinar(t, admin, { title: 'Big webinar' });
    const funded = await aWorkshop(t, admin, { fundedSeatsPerParty: 1, title: 'Funded workshop' });
    const unfunded = await aWorkshop(t, admin, { title: 'Workshop without funding' });
    for (let i = 0; i < 6; i++) {
      await aWebinar(t, admin, { title: `Filler ${i}`, moduleCode: i % 2 ? 'NIP' : 'REPORTING' });
    }
    const ana = await aDelegate(t, { partyCode: 'SEN' });
    const ben = await aDelegate(t, { partyCode: 'SEN' });
    const cleo = await aDelegate(t, { partyCode: 'KEN' });
    const fra = await aDelegate(t, { partyCode: 'FRA' });
    const focal = await aFocalPoint(t, { partyCode: 'SEN', also: [Role.DELEGATE] });
    await anEnrolment(t, small.id, ana); // the one seat
    await anEnrolment(t, small.id, ben); // waitlisted
    const cancelled = await anEnrolment(t, big.id, ben);
    must(await t.gql(CANCEL_ENROLMENT, { id: cancelled.id }, ben.token), 'cancelEnrolment');
    await anEnrolment(t, big.id, ben); // the most recent counts
    await anEnrolment(t, funded.id, ana, { by: admin }); // SEN's one funded seat
    await anEnrolment(t, funded.id, focal); // pending endorsement
    await anEnrolment(t, unfunded.id, cleo, { by: admin });

    const first = await raw(WEB, { first: 4 });
    const after = first.body.data.sessions.pageInfo.endCursor;
    const from = new Date(Date.now() - 3600_000).toISOString();
    const pages: Record<string, unknown>[] = [
      { first: 20, after: null, from },
      { first: 4 },
      { first: 4, after },
      { first: 10, kind: 'WORKSHOP' },
      { first: 10, kind: 'WEBINAR', moduleCode: 'nip' },
      { first: 10, region: 'AFRICA', to: new Date(Date.now() + 365 * 86400_000).toISOString() },
    ];
    const viewers = [ana, ben, cleo, fra, focal, nip, { token: admin }, { token: undefined }];
    for (const variables of pages) {
      // The first caller fills the cache (executed for them); everyone after is answered from it, one after another
      // (answering a viewer leaves the page in memory for the next).
      for (const filler of [ana, { token: undefined }]) {
        const references = [];
        for (const v of viewers) references.push(await raw(executed(WEB), variables, v.token));
        await raw(WEB, variables, filler.token);
        for (const [i, v] of viewers.entries()) {
          expect(references[i].body.errors).toBeUndefined();
          expect((await fromMemory(WEB, variables, v.token)).text).toBe(references[i].text);
        }
      }
    }
    // The same with aliases, fragments, the join link and two lists in one document.
    for (const v of viewers) {
      const reference = await raw(executed(ALIASED), { first: 20, kind: 'WORKSHOP' }, v.token);
      expect(reference.body.errors).toBeUndefined();
      await raw(ALIASED, { first: 20, kind: 'WORKSHOP' }, ana.token);
      expect((await fromMemory(ALIASED, { first: 20, kind: 'WORKSHOP' }, v.token)).text).toBe(reference.text);
    }

    // What each saw, in words: their own enrolment, their Party's funding, the join link only with a seat.
    const nodeOf = async (token: string | undefined, id: string) =>
      (await raw(WEB, { first: 50 }, token)).body.data.sessions.edges.find((e: any) => e.node.id === id).node;
    expect((await nodeOf(ana.token, small.id)).myEnrolment.status).toBe('CONFIRMED');
    expect((await nodeOf(ben.token, small.id)).myEnrolment.status).toBe('WAITLISTED');
    expect((await nodeOf(ben.token, big.id)).myEnrolment.status).toBe('CONFIRMED');
    expect((await nodeOf(cleo.token, small.id)).myEnrolment).toBeNull();
    expect((await nodeOf(focal.token, funded.id)).myEnrolment.status).toBe('PENDING_ENDORSEMENT');
    expect((await nodeOf(ana.token, funded.id)).travelFundable).toBe(true); // the funded seat is hers
    expect((await nodeOf(ben.token, funded.id)).travelFundable).toBe(false); // SEN's allowance is used
    expect((await nodeOf(cleo.token, funded.id)).travelFundable).toBe(true);
    expect((await nodeOf(fra.token, funded.id)).travelFundable).toBe(false);
    expect((await nodeOf(undefined, funded.id)).travelFundable).toBeNull();
    expect((await nodeOf(admin, funded.id)).travelFundable).toBeNull(); // no Party
    const link = async (token: string | undefined) =>
      (await raw(ALIASED, { first: 50 }, token)).body.data.soon.all.find((e: any) => e.session.key === small.id).session
        .link;
    expect(await link(ana.token)).toBe(small.joinUrl);
    expect(await link(nip.token)).toBe(small.joinUrl); // its trainer
    expect(await link(admin)).toBe(small.joinUrl);
    expect(await link(ben.token)).toBeNull(); // waitlisted
    expect(await link(undefined)).toBeNull();

    // Nothing of anyone's is in memory: no enrolment, no join link.
    const memory = cached();
    expect(memory).toContain('Small webinar');
    expect(memory).not.toContain(small.joinUrl);
    expect(memory).not.toMatch(/CONFIRMED|WAITLISTED|PENDING_ENDORSEMENT|CANCELLED/);
    expect(memory).not.toContain(cancelled.id);
  });

  it('shows a viewer’s enrolment at once, to them only, and leaves the anonymous page as it was', async () => {
    const webinar = await aWebinar(t, admin, { title: 'Fresh webinar' });
    const dan = await aDelegate(t);
    const eve = await aDelegate(t);
    const page = { first: 50 };
    const anonymousBefore = await raw(WEB, page);
    const publicBefore = await raw(PUBLIC, page);
    const nodeIn = (r: { body: any }) => r.body.data.sessions.edges.find((e: any) => e.node.id === webinar.id).node;
    await raw(WEB, page, eve.token);
    expect(nodeIn(await raw(WEB, page, dan.token)).myEnrolment).toBeNull();

    const enrolment = must(await t.gql(ENROL, { s: webinar.id }, dan.token), 'enrol');
    const mine = await raw(WEB, page, dan.token);
    const hers = await raw(WEB, page, eve.token);
    expect(nodeIn(mine).myEnrolment).toEqual({ id: enrolment.id, status: 'CONFIRMED', __typename: 'Enrolment' });
    expect(nodeIn(hers).myEnrolment).toBeNull();
    expect(hers.text).not.toContain(enrolment.id);
    // The anonymous page: the seat taken, nothing else changed, nobody's enrolment.
    const anonymousAfter = await raw(WEB, page);
    expect(nodeIn(anonymousAfter).seatsLeft).toBe(nodeIn(anonymousBefore).seatsLeft - 1);
    expect(anonymousAfter.text).not.toContain(enrolment.id);
    expect(JSON.stringify(anonymousAfter.body).replace(/"seatsLeft":\d+/g, '')).toBe(
      JSON.stringify(anonymousBefore.body).replace(/"seatsLeft":\d+/g, ''),
    );
    expect((await raw(PUBLIC, page)).body.data.sessions.totalCount).toBe(publicBefore.body.data.sessions.totalCount);
    expect((await fromMemory(WEB, page)).text).toBe(anonymousAfter.text);

    // A change this process did not make (another API process): the page may be a second old, the viewer's own
    // fields never are.
    await raw(WEB, page, eve.token);
    const other = new Client({ connectionString: t.config.databaseUrl });
    await other.connect();
    try {
      await other.query(`UPDATE enrolment SET status = 'ATTENDED' WHERE id = $1`, [enrolment.id]);
    } finally {
      await other.end();
    }
    const fresh = await fromMemory(WEB, page, dan.token);
    expect(nodeIn(fresh).myEnrolment.status).toBe('ATTENDED');
    // Answering a viewer writes nothing: the page stays in memory for the next callers.
    const next = [await raw(WEB, page, eve.token), await raw(WEB, page), await raw(WEB, page, dan.token)];
    expect(next.map((r) => r.queries)).toEqual([2, 0, 2]);
    expect(nodeIn(await raw(WEB, page, eve.token)).myEnrolment).toBeNull();
  });

  it('executes as usual what it cannot answer exactly', async () => {
    const webinar = await aWebinar(t, admin, { capacity: 1, title: 'Waitlist webinar' });
    const fay = await aDelegate(t);
    const gus = await aDelegate(t);
    await anEnrolment(t, webinar.id, fay);
    const waiting = await anEnrolment(t, webinar.id, gus);
    for (let i = 0; i < 2; i++) {
      // A field of the enrolment with a resolver of its own: executed each time.
      const r = await raw(WITH_POSITION, { first: 50 }, gus.token);
      expect(r.queries).toBeGreaterThan(2);
      const node = r.body.data.sessions.edges.find((e: any) => e.node.id === webinar.id).node;
      expect(node.myEnrolment).toEqual({ id: waiting.id, waitlistPosition: 1 });
      // A directive with viewer fields: executed each time.
      expect((await raw(executed(WEB), { first: 50 }, gus.token)).queries).toBeGreaterThan(2);
    }
    // A bad token is still refused before the cache is asked.
    await raw(WEB, { first: 50 }, fay.token);
    expect((await raw(WEB, { first: 50 }, 'not.a.token')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
