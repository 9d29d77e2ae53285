import { createHmac, generateKeyPairSync, randomUUID, sign as signWith, type KeyObject } from 'node:crypto';
import { Role } from '../../src/auth/role.enum';
import { codeOf, TestApp, type GqlResult } from '../support/test-app';

/**
 * Issue #6, hostile input part 5: sessions and tokens. Every token below is built by hand (node:crypto, no JWT
 * library), next to a control built the same way that the API accepts, so a refusal is the token's fault and not the
 * test's. A refused token is answered 401 UNAUTHENTICATED on any operation, public ones included; it is never
 * treated as an anonymous caller.
 */

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

type Signer = (input: string) => Buffer | string;
const hmac = (algorithm: 'sha256' | 'sha384' | 'sha512', key: string | Buffer) => (input: string) =>
  createHmac(algorithm, key).update(input).digest();
const rsa = (key: KeyObject) => (input: string) => signWith('sha256', Buffer.from(input), key);

function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, signer: Signer | null): string {
  const head = `${b64url(header)}.${b64url(claims)}`;
  const signature = signer ? signer(head) : '';
  return `${head}.${typeof signature === 'string' ? signature : signature.toString('base64url')}`;
}

const ME = '{ me { id } }';

describe('sessions and tokens', () => {
  let t: TestApp;
  let secret: string;
  let good: (claims: Record<string, unknown>) => string;

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
    secret = t.config.jwtSecret;
    good = (claims) => jwt({ alg: 'HS256', typ: 'JWT' }, claims, hmac('sha256', secret));
  });
  afterAll(() => t.close());

  /** The token is refused with 401 UNAUTHENTICATED, on `me` and on a public query alike, with no data. */
  async function expectRefused(token: string, what: string): Promise<void> {
    for (const query of [ME, '{ thematicModules { code } }']) {
      const r: GqlResult = await t.gql(query, {}, token);
      expect({ what, status: r.status, code: codeOf(r), data: r.data ?? null }).toEqual({
        what,
        status: 401,
        code: 'UNAUTHENTICATED',
        data: null,
      });
      expect(r.errors![0].message).toMatch(/^(Invalid or expired token|Malformed Authorization header)$/);
    }
  }

  async function expectAccepted(token: string, userId: string): Promise<void> {
    const r = await t.gql(ME, {}, token);
    expect(r.errors).toBeUndefined();
    expect(r.data.me.id).toBe(userId);
  }

  it('issues HS256 tokens that expire after JWT_TTL, and accepts the hand-built control', async () => {
    const { user, token } = await t.user([Role.DELEGATE]);
    const [header, claims] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({ sub: user.id, ver: user.tokenVersion });
    expect(claims.exp - claims.iat).toBe(t.config.jwtTtlSeconds);
    await expectAccepted(token, user.id);
    await expectAccepted(good({ sub: user.id, ver: user.tokenVersion, iat: now(), exp: now() + 60 }), user.id);
  });

  it('refuses expired tokens, tokens not yet valid and tokens that never expire', async () => {
    const { user } = await t.user([Role.DELEGATE]);
    const claims = { sub: user.id, ver: user.tokenVersion };
    await expectRefused(good({ ...claims, iat: now() - 9 * 3600, exp: now() - 3600 }), 'expired an hour ago');
    await expectRefused(good({ ...claims, iat: now() - 60, exp: now() - 1 }), 'expired a second ago');
    await expectRefused(
      good({ ...claims, iat: now(), nbf: now() + 3600, exp: now() + 7200 }),
      'not valid before an hour',
    );
    await expectRefused(good({ ...claims, iat: now() }), 'no exp');
    await expectRefused(good({ ...claims, iat: now(), exp: String(now() + 60) }), 'exp a string');
  });

  it('refuses tampered tokens', async () => {
    const { user, token } = await t.user([Role.DELEGATE]);
    const other = await t.user([Role.SECRETARIAT]);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const cases: [string, string][] = [
      ['another user in the claims, signature kept', `${h}.${b64url({ ...claims, sub: other.user.id })}.${s}`],
      ['a later expiry, signature kept', `${h}.${b64url({ ...claims, exp: claims.exp + 365 * 86400 })}.${s}`],
      ['a role claim added, signature kept', `${h}.${b64url({ ...claims, roles: ['SECRETARIAT'] })}.${s}`],
      ['one character of the signature changed', `${h}.${p}.${flip(s, 5)}`],
      ['signature truncated', `${h}.${p}.${s.slice(0, 20)}`],
      ['signature removed', `${h}.${p}.`],
      ['header changed, signature kept', `${b64url({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${p}.${s}`],
      ['signed with another secret', jwt({ alg: 'HS256', typ: 'JWT' }, claims, hmac('sha256', 'x'.repeat(48)))],
      [
        'signed with the secret in the wrong case',
        jwt({ alg: 'HS256', typ: 'JWT' }, claims, hmac('sha256', secret.toUpperCase())),
      ],
      ['a fourth segment', `${token}.${s}`],
      ['garbage', 'garbage'],
      ['three empty segments', '..'],
      ['not base64', `${h}.%%%.${s}`],
      [
        'claims not JSON',
        `${h}.${b64url('not json')}.${hmac('sha256', secret)(`${h}.${b64url('not json')}`).toString('base64url')}`,
      ],
    ];
    for (const [what, bad] of cases) await expectRefused(bad, what);
    await expectAccepted(token, user.id); // the original still works
  });

  it('refuses every algorithm but HS256: none, HS384/HS512 with our secret, RS256/ES256 and key confusion', async () => {
    const { user } = await t.user([Role.DELEGATE]);
    const claims = { sub: user.id, ver: user.tokenVersion, iat: now(), exp: now() + 600 };
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const cases: [string, string][] = [
      ['alg none, no signature', jwt({ alg: 'none', typ: 'JWT' }, claims, null)],
      ['alg None', jwt({ alg: 'None', typ: 'JWT' }, claims, null)],
      ['alg NONE', jwt({ alg: 'NONE' }, claims, null)],
      ['alg nOnE', jwt({ alg: 'nOnE' }, claims, null)],
      ['alg none with an HS256 signature', jwt({ alg: 'none', typ: 'JWT' }, claims, hmac('sha256', secret))],
      ['no alg at all', jwt({ typ: 'JWT' }, claims, hmac('sha256', secret))],
      ['alg as a list', jwt({ alg: ['HS256'], typ: 'JWT' }, claims, hmac('sha256', secret))],
      ['HS384 with our secret', jwt({ alg: 'HS384', typ: 'JWT' }, claims, hmac('sha384', secret))],
      ['HS512 with our secret', jwt({ alg: 'HS512', typ: 'JWT' }, claims, hmac('sha512', secret))],
      ['HS512 header, HS256 signature', jwt({ alg: 'HS512', typ: 'JWT' }, claims, hmac('sha256', secret))],
      ['RS256 with an attacker key', jwt({ alg: 'RS256', typ: 'JWT' }, claims, rsa(privateKey))],
      [
        'RS256 with the attacker key embedded (jwk)',
        jwt({ alg: 'RS256', typ: 'JWT', jwk: publicKey.export({ format: 'jwk' }) }, claims, rsa(privateKey)),
      ],
      [
        'RS256 header, HMAC-SHA256 signature with our secret',
        jwt({ alg: 'RS256', typ: 'JWT' }, claims, hmac('sha256', secret)),
      ],
      [
        'HS256 keyed with an RSA public key (the classic confusion)',
        jwt({ alg: 'HS256', typ: 'JWT' }, claims, hmac('sha256', publicPem)),
      ],
      [
        'ES256 with an attacker key',
        jwt({ alg: 'ES256', typ: 'JWT' }, claims, (input) =>
          signWith('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }),
        ),
      ],
      [
        'PS256 with an attacker key',
        jwt({ alg: 'PS256', typ: 'JWT' }, claims, (input) =>
          signWith('sha256', Buffer.from(input), { key: privateKey, padding: 6 }),
        ),
      ],
    ];
    for (const [what, bad] of cases) await expectRefused(bad, what);
    await expectAccepted(good(claims), user.id);
  });

  it('refuses malformed Authorization headers and claims that name nobody', async () => {
    const { user, token } = await t.user([Role.DELEGATE]);
    for (const [what, header] of [
      ['Basic scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['Bearer without a token', 'Bearer'],
      ['Bearer and spaces', 'Bearer    '],
      ['two tokens', `Bearer ${token} ${token}`],
      ['a token over 4 kB', `Bearer ${token}${'A'.repeat(5000)}`],
      ['the token without a scheme', token],
    ]) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: ME }),
      });
      const body: any = await res.json();
      expect({ what, status: res.status, code: body.errors?.[0]?.extensions?.code, data: body.data ?? null }).toEqual({
        what,
        status: 401,
        code: 'UNAUTHENTICATED',
        data: null,
      });
    }
    const claims = { ver: user.tokenVersion, iat: now(), exp: now() + 600 };
    await expectRefused(good({ ...claims, sub: randomUUID() }), 'an id nobody has');
    await expectRefused(good({ ...claims, sub: 'not-a-uuid' }), 'an id that is not a UUID');
    await expectRefused(good({ ...claims, sub: `${user.id}' OR '1'='1` }), 'an id with SQL in it');
    await expectRefused(good({ ...claims, sub: [user.id] }), 'an id in a list');
    await expectRefused(good({ exp: now() + 600, sub: user.id }), 'no token version');
    await expectRefused(good({ ...claims, sub: user.id, ver: String(user.tokenVersion) }), 'the version as a string');
    await expectRefused(
      good({ ...claims, sub: user.id, ver: user.tokenVersion + 1 }),
      'a version ahead of the account',
    );
    await expectAccepted(token, user.id);
  });

  it("stops a disabled user's tokens at once, for every token the user holds, and refuses the user's logins", async () => {
    const admin = await t.adminToken();
    const { user, token } = await t.user([Role.DELEGATE]);
    const second = good({ sub: user.id, ver: user.tokenVersion, iat: now(), exp: now() + 600 });
    const bystander = await t.user([Role.DELEGATE]);
    await expectAccepted(token, user.id);
    await expectAccepted(second, user.id);

    const disabled = await t.gql(`mutation D($id: ID!) { disableUser(id: $id) { id } }`, { id: user.id }, admin);
    expect(disabled.errors).toBeUndefined();
    await expectRefused(token, 'the issued token after disabling');
    await expectRefused(second, 'another token after disabling');
    // Not even a token with the account's new version, were one ever signed: a disabled account has no session.
    const [row] = await t.db.query('SELECT token_version FROM app_user WHERE id = $1', [user.id]);
    expect(row.token_version).toBe(user.tokenVersion + 1);
    await expectRefused(
      good({ sub: user.id, ver: row.token_version, iat: now(), exp: now() + 600 }),
      'the new version',
    );
    const login = await t.gql(
      `mutation L($e: String!) { login(email: $e, password: "correct horse battery") { accessToken } }`,
      { e: user.email },
    );
    expect(codeOf(login)).toBe('UNAUTHENTICATED');
    expect(login.data).toBeNull();
    await expectAccepted(bystander.token, bystander.user.id); // nobody else is affected
  });

  it("stops a deleted user's token (the API deletes no user; the row is removed in SQL, as FKs allow for a fresh one)", async () => {
    const { user, token } = await t.user([Role.TRAINER]);
    await expectAccepted(token, user.id);
    // TypeORM answers a DELETE … RETURNING with [rows, affected].
    const [rows, affected] = await t.db.query('DELETE FROM app_user WHERE id = $1 RETURNING id', [user.id]);
    expect({ rows, affected }).toEqual({ rows: [{ id: user.id }], affected: 1 });
    await expectRefused(token, 'the token of a deleted user');
    // An account that took part in the programme cannot be deleted at all: its enrolments hold it (ON DELETE RESTRICT).
    const [fk] = await t.db.query(
      `SELECT confdeltype FROM pg_constraint WHERE conrelid = 'enrolment'::regclass AND confrelid = 'app_user'::regclass AND contype = 'f'`,
    );
    expect(fk.confdeltype).toBe('r');
  });
});
