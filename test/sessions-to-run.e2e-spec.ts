import { Role } from '../src/auth/role.enum';
import { startNow } from './support/enrolment-fixtures';
import { aDelegate, aFocalPoint, aTrainer, aWebinar, aWorkshop } from './support/factories';
import { codeOf, must, TestApp } from './support/test-app';

const TO_RUN = `query R($past: Boolean, $first: Int, $after: String) {
  sessionsToRun(past: $past, first: $first, after: $after) {
    totalCount edges { node { id title status } } pageInfo { hasNextPage endCursor }
  }
}`;
const COMPLETE = `mutation C($id: ID!) { completeSession(id: $id) { id status } }`;
const CANCEL = `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id status } }`;

describe('sessionsToRun: the sessions a person runs', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { user: any; token: string };
  let otherTrainer: { user: any; token: string };
  let centre: { user: any; token: string };
  const ids: Record<string, string> = {};

  const titles = async (token: string, past = false): Promise<string[]> => {
    const page = must(await t.gql(TO_RUN, { past, first: 100 }, token), 'sessionsToRun');
    expect(page.totalCount).toBe(page.edges.length);
    return page.edges.map((e: any) => e.node.title).sort();
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    trainer = await aTrainer(t, { modules: ['NIP'] });
    otherTrainer = await aTrainer(t, { modules: ['NIP'] });
    const [pretoria] = await t.db.query(`SELECT id FROM regional_centre WHERE city = 'Pretoria'`);
    const [brno] = await t.db.query(`SELECT id FROM regional_centre WHERE city = 'Brno'`);
    centre = await t.user([Role.REGIONAL_CENTRE], { regionalCentreId: pretoria.id });

    ids.mine = (await aWebinar(t, admin, { title: 'Mine', trainerIds: [trainer.user.id] })).id;
    ids.minePast = (await aWebinar(t, admin, { title: 'Mine, done', trainerIds: [trainer.user.id] })).id;
    ids.mineCancelled = (await aWebinar(t, admin, { title: 'Mine, cancelled', trainerIds: [trainer.user.id] })).id;
    ids.theirs = (await aWebinar(t, admin, { title: 'Theirs', trainerIds: [otherTrainer.user.id] })).id;
    ids.hosted = (await aWorkshop(t, admin, { title: 'Hosted in Pretoria', hostCentreId: pretoria.id })).id;
    ids.hostedTrained = (
      await aWorkshop(t, admin, {
        title: 'Hosted in Pretoria, trained',
        hostCentreId: pretoria.id,
        trainerIds: [trainer.user.id],
      })
    ).id;
    ids.elsewhere = (
      await aWorkshop(t, admin, { title: 'Hosted in Brno', region: 'CENTRAL_EASTERN_EUROPE', hostCentreId: brno.id })
    ).id;

    await startNow(t.db, ids.minePast);
    must(await t.gql(COMPLETE, { id: ids.minePast }, trainer.token), 'completeSession');
    must(await t.gql(CANCEL, { id: ids.mineCancelled, r: 'No trainer' }, admin), 'cancelSession');
  });
  afterAll(() => t.close());

  it('shows a trainer the sessions they train, and no one else’s', async () => {
    expect(await titles(trainer.token)).toEqual(['Hosted in Pretoria, trained', 'Mine']);
    expect(await titles(otherTrainer.token)).toEqual(['Theirs']);
  });

  it('keeps completed and cancelled sessions for past: true', async () => {
    expect(await titles(trainer.token, true)).toEqual(['Mine, cancelled', 'Mine, done']);
    expect(await titles(otherTrainer.token, true)).toEqual([]);
  });

  it('shows regional-centre staff the workshops their centre hosts, and no webinar', async () => {
    const seen = await titles(centre.token);
    expect(seen).toEqual(expect.arrayContaining(['Hosted in Pretoria', 'Hosted in Pretoria, trained']));
    expect(seen).not.toContain('Mine');
    expect(seen).not.toContain('Hosted in Brno');
    // Exactly the scheduled workshops of the centre (the test database's programme may hold one more of its own).
    const rows = await t.db.query(
      `SELECT title FROM training_session WHERE kind = 'WORKSHOP' AND status = 'SCHEDULED' AND host_centre_id = $1`,
      [centre.user.regionalCentreId],
    );
    expect(seen).toEqual(rows.map((r: { title: string }) => r.title).sort());
  });

  it('shows the Secretariat every session', async () => {
    const all = await titles(admin);
    expect(all).toEqual(
      expect.arrayContaining(['Mine', 'Theirs', 'Hosted in Pretoria', 'Hosted in Pretoria, trained', 'Hosted in Brno']),
    );
    expect(all).not.toContain('Mine, done');
  });

  it('agrees with who may see the roster (sessionEnrolments) for every session listed', async () => {
    const ROSTER = `query E($s: ID!) { sessionEnrolments(sessionId: $s) { totalCount } }`;
    for (const who of [trainer, otherTrainer, centre]) {
      const listed = new Set(
        must(await t.gql(TO_RUN, { first: 100 }, who.token), 'sessionsToRun').edges.map((e: any) => e.node.id),
      );
      for (const id of Object.values(ids)) {
        const r = await t.gql(ROSTER, { s: id }, who.token);
        // Every session listed is one whose roster opens; every scheduled one not listed is refused.
        if (listed.has(id)) expect(r.errors).toBeUndefined();
        else if (id !== ids.minePast && id !== ids.mineCancelled) expect(codeOf(r)).toBe('FORBIDDEN');
      }
    }
  });

  it('pages in start order with a cursor', async () => {
    const first = must(await t.gql(TO_RUN, { first: 1 }, trainer.token), 'sessionsToRun');
    expect(first.edges).toHaveLength(1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = must(
      await t.gql(TO_RUN, { first: 1, after: first.pageInfo.endCursor }, trainer.token),
      'sessionsToRun',
    );
    expect(second.edges.map((e: any) => e.node.title)).toEqual(['Hosted in Pretoria, trained']);
    expect(first.edges[0].node.title).toBe('Mine');
    expect((await t.gql(TO_RUN, { first: 0 }, trainer.token)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses delegates, focal points and anonymous callers', async () => {
    const delegate = await aDelegate(t);
    const focal = await aFocalPoint(t);
    expect(codeOf(await t.gql(TO_RUN, {}, delegate.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(TO_RUN, {}, focal.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(TO_RUN, {}))).toBe('UNAUTHENTICATED');
  });
});
