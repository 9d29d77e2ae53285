import { Role } from '../src/auth/role.enum';
import { CountingQueryLogger } from '../src/database/query-counter';
import { aDelegate, aFocalPoint, aTrainer, aWebinar } from './support/factories';
import { codeOf, TestApp } from './support/test-app';

const CREATE = `mutation C($input: MaterialInput!) { createMaterial(input: $input) { id materialId version status title publishedAt module { code } } }`;
const UPDATE = `mutation U($id: ID!, $input: MaterialInput!) { updateMaterial(id: $id, input: $input) { id materialId version status title } }`;
const PUBLISH = `mutation P($id: ID!) { publishMaterial(id: $id) { id status publishedAt version } }`;
const ARCHIVE = `mutation A($id: ID!) { archiveMaterial(id: $id) { id status } }`;
const LIST = `query L($status: MaterialStatus, $moduleCode: String, $all: Boolean) { materials(status: $status, moduleCode: $moduleCode, allVersions: $all, first: 50) { totalCount edges { node { id title version status url } } } }`;
const input = (title: string, change: Record<string, unknown> = {}) => ({
  moduleCode: 'NIP',
  title,
  language: 'EN',
  url: `https://materials.example.org/${encodeURIComponent(title)}.pdf`,
  ...change,
});

describe('training materials: drafts, publication, versions, archive', () => {
  let t: TestApp;
  let author: { user: any; token: string };
  let otherTrainer: { user: any; token: string };
  let delegate: { user: any; token: string };
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.start();
    // Both trainers teach NIP; only the author also REPORTING. Materials are changed by their author alone.
    author = await aTrainer(t, { modules: ['NIP', 'REPORTING'] });
    otherTrainer = await aTrainer(t, { modules: ['NIP'] });
    delegate = await aDelegate(t);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('walks a material from draft to published, a new version, and archive', async () => {
    const draft = (await t.gql(CREATE, { input: input('NIP guide') }, author.token)).data.createMaterial;
    expect(draft).toMatchObject({ version: 1, status: 'DRAFT', publishedAt: null, module: { code: 'NIP' } });

    // A draft is seen by its author and the Secretariat only.
    const titles = async (token?: string) =>
      (await t.gql(LIST, {}, token)).data.materials.edges.map(
        (e: any) => `${e.node.title} v${e.node.version} ${e.node.status}`,
      );
    expect(await titles(author.token)).toEqual(['NIP guide v1 DRAFT']);
    expect(await titles(admin)).toEqual(['NIP guide v1 DRAFT']);
    expect(await titles(delegate.token)).toEqual([]);
    expect(await titles(otherTrainer.token)).toEqual([]);
    expect(await titles()).toEqual([]);
    expect(
      (await t.gql(`query($id: ID!) { material(id: $id) { id } }`, { id: draft.id }, delegate.token)).data.material,
    ).toBeNull();

    // A draft is edited in place.
    const edited = (await t.gql(UPDATE, { id: draft.id, input: input('NIP guide (edited)') }, author.token)).data
      .updateMaterial;
    expect(edited).toMatchObject({ id: draft.id, version: 1, title: 'NIP guide (edited)' });

    const published = (await t.gql(PUBLISH, { id: draft.id }, author.token)).data.publishMaterial;
    expect(published.status).toBe('PUBLISHED');
    expect(Date.parse(published.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await titles(delegate.token)).toEqual(['NIP guide (edited) v1 PUBLISHED']);
    expect(await titles()).toEqual(['NIP guide (edited) v1 PUBLISHED']);

    // Revising a published material makes version 2 as a draft; version 1 stays published and readable.
    const v2 = (await t.gql(UPDATE, { id: draft.id, input: input('NIP guide, 2nd edition') }, author.token)).data
      .updateMaterial;
    expect(v2).toMatchObject({ version: 2, status: 'DRAFT', materialId: draft.id });
    expect(v2.id).not.toBe(draft.id);
    expect(await titles(delegate.token)).toEqual(['NIP guide (edited) v1 PUBLISHED']);
    expect(await titles(author.token)).toEqual(['NIP guide, 2nd edition v2 DRAFT']);
    await t.gql(PUBLISH, { id: v2.id }, author.token);
    expect(await titles(delegate.token)).toEqual(['NIP guide, 2nd edition v2 PUBLISHED']);
    const history = await t.gql(
      `query($id: ID!) { material(id: $id) { versions { version status title } } }`,
      { id: draft.id },
      delegate.token,
    );
    expect(history.data.material.versions).toEqual([
      { version: 2, status: 'PUBLISHED', title: 'NIP guide, 2nd edition' },
      { version: 1, status: 'PUBLISHED', title: 'NIP guide (edited)' },
    ]);
    const everyVersion = await t.gql(LIST, { all: true }, delegate.token);
    expect(everyVersion.data.materials.totalCount).toBe(2);

    // Archived versions disappear for delegates, stay visible to the Secretariat.
    await t.gql(ARCHIVE, { id: v2.id }, admin);
    expect(await titles(delegate.token)).toEqual(['NIP guide (edited) v1 PUBLISHED']);
    expect((await t.gql(LIST, { status: 'ARCHIVED' }, admin)).data.materials.totalCount).toBe(1);
    expect((await t.gql(LIST, { status: 'ARCHIVED' }, delegate.token)).data.materials.totalCount).toBe(0);
    const republish = await t.gql(PUBLISH, { id: v2.id }, author.token);
    expect(republish.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'MATERIAL_ARCHIVED' });
  });

  it('loads the versions of a whole page of materials in one query, whatever its size', async () => {
    for (const title of ['Batch A', 'Batch B', 'Batch C']) {
      const m = (await t.gql(CREATE, { input: input(title) }, author.token)).data.createMaterial;
      await t.gql(PUBLISH, { id: m.id }, author.token);
      const v2 = (await t.gql(UPDATE, { id: m.id, input: input(`${title} v2`) }, author.token)).data.updateMaterial;
      expect(v2.version).toBe(2);
    }
    const PAGE = `query($first: Int!) { materials(first: $first) { edges { node { id versions { version } } } } }`;
    const count = async (first: number) => {
      await t.gql(PAGE, { first: first + 1 }, admin); // warm-up
      const before = CountingQueryLogger.queries;
      const r = await t.gql(PAGE, { first }, admin);
      expect(r.errors).toBeUndefined();
      expect(r.data.materials.edges).toHaveLength(first);
      expect(r.data.materials.edges.every((e: any) => e.node.versions.length >= 1)).toBe(true);
      return CountingQueryLogger.queries - before;
    };
    expect(await count(3)).toBe(await count(1));
  });

  it('lets only the author (or the Secretariat) change a material', async () => {
    const m = (await t.gql(CREATE, { input: input('Reporting primer', { moduleCode: 'REPORTING' }) }, author.token))
      .data.createMaterial;
    expect(codeOf(await t.gql(PUBLISH, { id: m.id }, otherTrainer.token))).toBe('NOT_FOUND'); // a draft is not even visible
    await t.gql(PUBLISH, { id: m.id }, admin);
    expect(codeOf(await t.gql(UPDATE, { id: m.id, input: input('Hijacked') }, otherTrainer.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE, { input: input('Delegate attempt') }, delegate.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE, { input: input('Anonymous attempt') }))).toBe('UNAUTHENTICATED');
    const reporting = await t.gql(LIST, { moduleCode: 'REPORTING' }, delegate.token);
    expect(reporting.data.materials.edges.map((e: any) => e.node.title)).toEqual(['Reporting primer']);
  });

  it('refuses bad material input', async () => {
    for (const [field, change] of [
      ['moduleCode', { moduleCode: 'NOPE' }],
      ['url', { url: 'ftp://example.org/x' }],
      ['title', { title: '' }],
      ['language', { language: 'DE' }],
    ] as const) {
      const r = await t.gql(CREATE, { input: input('x', change) }, author.token);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      if (field !== 'language') expect(r.errors![0].extensions!.field).toBe(field);
    }
  });
});

describe("who may see a person's e-mail and gender", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('shows them to the person, their Party focal point and the Secretariat only', async () => {
    const trainer = await aTrainer(t, { gender: 'female' });
    const admin = await t.adminToken();
    const { id } = await aWebinar(t, admin, { title: 'W', trainerIds: [trainer.user.id] });
    const Q = `query($id: ID!) { session(id: $id) { trainers { fullName email gender party { code } } } }`;
    const publicView = await t.gql(`query($id: ID!) { session(id: $id) { trainers { fullName } } }`, { id });
    expect(publicView.data.session.trainers[0].fullName).toBe(trainer.user.fullName);

    const delegate = await aDelegate(t, { partyCode: 'SEN' });
    // A field the viewer may not see is null, the e-mail address as the gender: no error, nothing of them shown.
    const denied = await t.gql(Q, { id }, delegate.token);
    expect(denied.errors).toBeUndefined();
    expect(denied.data.session.trainers[0]).toMatchObject({
      fullName: trainer.user.fullName,
      email: null,
      gender: null,
    });
    expect(JSON.stringify(denied.body)).not.toContain(trainer.user.email);
    const anonymous = await t.gql(Q, { id });
    expect(JSON.stringify(anonymous.body)).not.toContain(trainer.user.email);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data.session.trainers[0]).toMatchObject({ email: null, gender: null });

    const asSelf = await t.gql(Q, { id }, trainer.token);
    expect(asSelf.data.session.trainers[0]).toMatchObject({ email: trainer.user.email, gender: 'female' });
    const asAdmin = await t.gql(Q, { id }, admin);
    expect(asAdmin.data.session.trainers[0].email).toBe(trainer.user.email);
  });

  it("lets a focal point see their own Party's delegates, not another Party's", async () => {
    // A trainer on a webinar is the only user reachable from the public graph; make the delegate one to reach them.
    const senDelegate = await aDelegate(t, { partyCode: 'SEN', gender: 'male', also: [Role.TRAINER] });
    const senFocal = await aFocalPoint(t, { partyCode: 'SEN' });
    const perFocal = await aFocalPoint(t, { partyCode: 'PER' });
    const admin = await t.adminToken();
    const w = await aWebinar(t, admin, { moduleCode: 'REPORTING', title: 'W2', trainerIds: [senDelegate.user.id] });
    const Q = `query($id: ID!) { session(id: $id) { trainers { email gender } } }`;
    const own = await t.gql(Q, { id: w.id }, senFocal.token);
    expect(own.data.session.trainers[0]).toEqual({ email: senDelegate.user.email, gender: 'male' });
    const other = await t.gql(Q, { id: w.id }, perFocal.token);
    expect([other.errors, other.data.session.trainers[0]]).toEqual([undefined, { email: null, gender: null }]);
  });
});

describe('listing accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
  });
  afterAll(() => t.close());

  it('shows the Secretariat every account and a focal point their own Party, with e-mails', async () => {
    const sen1 = await aDelegate(t, { partyCode: 'SEN', gender: 'female' });
    const sen2 = await aDelegate(t, { partyCode: 'SEN' });
    await aDelegate(t, { partyCode: 'PER' });
    const focal = await aFocalPoint(t, { partyCode: 'SEN' });
    const admin = await t.adminToken();
    const Q = `query($role: Role, $party: String) { users(role: $role, partyCode: $party, first: 50) { totalCount edges { node { email gender party { code } } } } }`;

    const all = await t.gql(Q, {}, admin);
    expect(all.data.users.totalCount).toBe(5); // the admin, three delegates, the focal point
    const delegates = await t.gql(Q, { role: 'DELEGATE' }, admin);
    expect(delegates.data.users.totalCount).toBe(3);

    const own = await t.gql(Q, { role: 'DELEGATE' }, focal.token);
    expect(own.data.users.edges.map((e: any) => e.node.email).sort()).toEqual(
      [sen1.user.email, sen2.user.email].sort(),
    );
    expect(own.data.users.edges.find((e: any) => e.node.email === sen1.user.email).node.gender).toBe('female');
    expect(codeOf(await t.gql(Q, { party: 'PER' }, focal.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(Q, {}, sen1.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(Q, {}))).toBe('UNAUTHENTICATED');
  });
});
