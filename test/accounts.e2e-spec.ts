import { Role } from '../src/auth/role.enum';
import { confirmRegistration, REGISTER } from './support/account-fixtures';
import { codeOf, TestApp } from './support/test-app';

const LOGIN = `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { id email } } }`;
const valid = {
  email: 'Awa.Ndiaye@Example.org',
  password: 'a long enough password',
  fullName: 'Awa Ndiaye',
  partyCode: 'sen',
  language: 'FR',
  timeZone: 'Africa/Dakar',
  gender: 'female',
};

describe('accounts: register, login, me, createUser', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Workers run: a registration is confirmed through the link of the e-mail they write.
    t = await TestApp.start({
      LOGIN_CONSECUTIVE_FAILURES: '4',
      LOGIN_FAILURES_PER_CLIENT: '1000',
      REGISTRATIONS_PER_CLIENT: '1000',
      PROCESS_ROLE: 'all',
      OUTBOX_POLL_INTERVAL: 'PT0.05S',
    });
  });
  afterAll(() => t.close());

  it('registers a delegate of an existing Party, who confirms the address, can log in and read me', async () => {
    const r = await t.gql(REGISTER, { input: valid });
    expect(r.errors).toBeUndefined();
    expect(r.data.register).toEqual({ email: 'awa.ndiaye@example.org', verificationRequired: true });
    const confirmed = await confirmRegistration(t, valid.email);
    expect(confirmed.user).toMatchObject({
      email: 'awa.ndiaye@example.org',
      roles: ['DELEGATE'],
      language: 'FR',
      timeZone: 'Africa/Dakar',
      party: { code: 'SEN', region: 'AFRICA' },
    });
    const login = await t.gql(LOGIN, { e: 'AWA.NDIAYE@example.org', p: valid.password });
    expect(login.errors).toBeUndefined();
    const me = await t.gql('{ me { email fullName gender roles } }', {}, login.data.login.accessToken);
    expect(me.data.me).toEqual({
      email: 'awa.ndiaye@example.org',
      fullName: 'Awa Ndiaye',
      gender: 'female',
      roles: ['DELEGATE'],
    });
    const anonymous = await t.gql('{ me { id } }');
    expect(anonymous.data.me).toBeNull();
  });

  it('stores the password as an argon2id hash', async () => {
    const [row] = await t.db.query(`SELECT password_hash FROM app_user WHERE email = 'awa.ndiaye@example.org'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(valid.password);
  });

  // Issue #13: a known address gets the answer a new one gets (its owner is told by e-mail), never CONFLICT.
  it('makes no second account for a known e-mail, whatever its case, and does not say it is known', async () => {
    const r = await t.gql(REGISTER, { input: { ...valid, email: 'awa.NDIAYE@example.org' } });
    expect(r.errors).toBeUndefined();
    expect(r.data.register).toEqual({ email: 'awa.ndiaye@example.org', verificationRequired: true });
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM app_user WHERE email = 'awa.ndiaye@example.org'`,
    );
    expect(count).toBe(1);
  });

  it.each([
    ['password', { password: 'short' }],
    ['partyCode', { partyCode: 'XYZ' }],
    ['partyCode', { partyCode: 'not a code' }],
    ['timeZone', { timeZone: 'Mars/Olympus_Mons' }],
    ['email', { email: 'not-an-email' }],
    ['gender', { gender: 'unknown' }],
    ['fullName', { fullName: 'bad\u0000name' }],
  ])('refuses a bad %s with BAD_USER_INPUT naming the field', async (field, change) => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM app_user');
    const r = await t.gql(REGISTER, { input: { ...valid, email: `x${Math.random()}@example.org`, ...change } });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.field).toBe(field);
    expect(r.status).toBeLessThan(500);
    const after = await t.db.query('SELECT count(*)::int AS n FROM app_user');
    expect(after[0].n).toBe(before[0].n);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const wrong = await t.gql(LOGIN, { e: 'awa.ndiaye@example.org', p: 'not the password' });
    const unknown = await t.gql(LOGIN, { e: 'nobody@example.org', p: 'not the password' });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(wrong.data).toEqual(unknown.data);
  });

  it('limits failed logins per e-mail from one client, even with the right password afterwards', async () => {
    await t.gql(REGISTER, { input: { ...valid, email: 'target@example.org' } });
    await confirmRegistration(t, 'target@example.org');
    for (let i = 0; i < 4; i++) {
      const r = await t.gql(LOGIN, { e: 'target@example.org', p: `guess ${i} guess` });
      expect(r.errors![0].extensions!.reason).toBeUndefined();
    }
    const blocked = await t.gql(LOGIN, { e: 'target@example.org', p: valid.password });
    expect(codeOf(blocked)).toBe('UNAUTHENTICATED');
    expect(blocked.errors![0].extensions).toMatchObject({ reason: 'RATE_LIMITED' });
    expect(blocked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // Another account is not affected by that e-mail's counter.
    const other = await t.gql(LOGIN, { e: 'awa.ndiaye@example.org', p: valid.password });
    expect(other.errors).toBeUndefined();
  });

  it('lets only the Secretariat create staff, trainers, focal points and centre staff', async () => {
    const admin = await t.adminToken();
    const CREATE = `mutation C($input: CreateUserInput!) { createUser(input: $input) { id email roles party { code } regionalCentre { city } } }`;
    const trainer = await t.gql(
      CREATE,
      { input: { email: 'trainer@example.org', password: 'trainer password', fullName: 'T', roles: ['TRAINER'] } },
      admin,
    );
    expect(trainer.data.createUser.roles).toEqual(['TRAINER']);
    const focal = await t.gql(
      CREATE,
      {
        input: {
          email: 'fp@example.org',
          password: 'focal password',
          fullName: 'F',
          roles: ['FOCAL_POINT'],
          partyCode: 'PER',
        },
      },
      admin,
    );
    expect(focal.data.createUser.party).toEqual({ code: 'PER' });
    const [centre] = await t.db.query(`SELECT id FROM regional_centre WHERE city = 'Brno'`);
    const rc = await t.gql(
      CREATE,
      {
        input: {
          email: 'rc@example.org',
          password: 'centre password',
          fullName: 'R',
          roles: ['REGIONAL_CENTRE'],
          regionalCentreId: centre.id,
        },
      },
      admin,
    );
    expect(rc.data.createUser.regionalCentre).toEqual({ city: 'Brno' });

    const noParty = await t.gql(
      CREATE,
      { input: { email: 'fp2@example.org', password: 'focal password', fullName: 'F', roles: ['FOCAL_POINT'] } },
      admin,
    );
    expect(codeOf(noParty)).toBe('BAD_USER_INPUT');
    expect(noParty.errors![0].extensions!.field).toBe('partyCode');
    const noCentre = await t.gql(
      CREATE,
      { input: { email: 'rc2@example.org', password: 'centre password', fullName: 'R', roles: ['REGIONAL_CENTRE'] } },
      admin,
    );
    expect(noCentre.errors![0].extensions!.field).toBe('regionalCentreId');

    const delegate = await t.user([Role.DELEGATE]);
    const asDelegate = await t.gql(
      CREATE,
      { input: { email: 'x@example.org', password: 'some password', fullName: 'X', roles: ['SECRETARIAT'] } },
      delegate.token,
    );
    expect(codeOf(asDelegate)).toBe('FORBIDDEN');
    const asAnonymous = await t.gql(CREATE, {
      input: { email: 'y@example.org', password: 'some password', fullName: 'Y', roles: ['SECRETARIAT'] },
    });
    expect(codeOf(asAnonymous)).toBe('UNAUTHENTICATED');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM app_user WHERE email IN ('x@example.org','y@example.org')`,
    );
    expect(n).toBe(0);
  });

  it('rejects tampered, garbage and disabled-user tokens with UNAUTHENTICATED', async () => {
    const { user, token } = await t.user([Role.DELEGATE]);
    const [h, p] = token.split('.');
    const tampered = `${h}.${p}.${'A'.repeat(43)}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    for (const bad of [tampered, none, 'garbage']) {
      const r = await t.gql('{ thematicModules { code } }', {}, bad);
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      expect(r.status).toBe(401);
    }
    const admin = await t.adminToken();
    expect((await t.gql('{ me { id } }', {}, token)).data.me.id).toBe(user.id);
    await t.gql(`mutation { disableUser(id: "${user.id}") { id } }`, {}, admin);
    expect(codeOf(await t.gql('{ me { id } }', {}, token))).toBe('UNAUTHENTICATED');
  });
});

describe('login rate limit per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_CONSECUTIVE_FAILURES: '100', LOGIN_FAILURES_PER_CLIENT: '5' });
  });
  afterAll(() => t.close());

  it('stops one client trying many accounts', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await t.gql(LOGIN, { e: `someone${i}@example.org`, p: 'whatever password' });
      codes.push(r.errors![0].extensions!.reason);
    }
    expect(codes.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});
