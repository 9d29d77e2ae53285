import { createHash } from 'node:crypto';
import { AccountTokenPurpose } from '../src/auth/account-token-purpose.enum';
import { AccountTokensService } from '../src/auth/account-tokens.service';
import { Language } from '../src/catalogue/catalogue.enums';
import { REGISTER } from './support/account-fixtures';
import { aDelegate } from './support/factories';
import { mailsOf, SmtpSink, workersMailingTo, type ReceivedMail } from './support/smtp-sink';
import { codeOf, must, TestApp, type GqlResult } from './support/test-app';

/**
 * What the web application's account pages call: a forgotten password (requestPasswordReset, then resetPassword with
 * the e-mailed link's token), a new password (changePassword) and the viewer's own details (updateProfile).
 */

const PUBLIC_URL = 'https://lms.example.org';
const PASSWORD = 'correct horse battery'; // TestApp.user's
const ME = `query { me { id fullName language timeZone gender } }`;
const LOGIN = `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
const REQUEST = `mutation Q($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation R($t: String!, $p: String!) {
  resetPassword(token: $t, password: $p) { accessToken user { id email } }
}`;
const CHANGE = `mutation C($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const PROFILE = `mutation P($input: ProfileInput!) { updateProfile(input: $input) { id fullName language timeZone gender } }`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const resetTokenIn = (text: string) => {
  const match = /\/reset-password\?token=([A-Za-z0-9_-]{43})\b/.exec(text);
  if (!match) throw new Error(`no reset link in: ${text.slice(0, 500)}`);
  return match[1];
};

describe('account self-service: password reset, password change, profile', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let clients = 0;
  /** A fresh client address per call, unless a test is about one client's budget. */
  const fresh = () => `203.0.113.${++clients}`;
  const gqlFrom = async (client: string, query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': client,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any };
    return { status: res.status, data: body.data, errors: body.errors, body } as GqlResult;
  };
  const mailOf = async (kind: string, address: string, count = 1): Promise<ReceivedMail[]> =>
    mailsOf(
      await sink.waitFor((m) => mailsOf(m, kind, address).length >= count, 30_000, `${count} ${kind} to ${address}`),
      kind,
      address,
    );
  const reasonOf = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({
      ...workersMailingTo(sink, PUBLIC_URL),
      REGISTRATIONS_PER_CLIENT: '4',
      PASSWORD_RESET_TTL: 'PT10M',
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('e-mails a reset link into the web application, in the owner’s language; the token is kept hashed', async () => {
    const awa = await aDelegate(t, { language: Language.FR, fullName: 'Awa Ndiaye' });
    const asked = await gqlFrom(fresh(), REQUEST, { e: `  ${awa.user.email.toUpperCase()} ` });
    expect(asked.body).toEqual({ data: { requestPasswordReset: true } });
    const [mail] = await mailOf('PASSWORD_RESET', awa.user.email);
    expect(mail.subject).toBe('Réinitialisez votre mot de passe');
    const token = resetTokenIn(mail.text);
    expect(mail.text).toContain(`${PUBLIC_URL}/reset-password?token=${token}`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/reset-password?token=${token}"`);
    const rows = await t.db.query(
      `SELECT token_hash, purpose, expires_at - created_at AS ttl, used_at FROM account_token WHERE user_id = $1`,
      [awa.user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token_hash: sha256(token), purpose: 'PASSWORD_RESET', used_at: null });
    expect(rows[0].ttl).toMatchObject({ minutes: 10 });
    expect(JSON.stringify(await t.db.query(`SELECT payload FROM outbox_event`))).not.toContain(token);
  });

  it('answers true for an unknown or disabled address and sends nothing there', async () => {
    const gone = await aDelegate(t);
    await t.db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [gone.user.id]);
    const witness = await aDelegate(t);
    for (const e of ['nobody@example.org', gone.user.email, 'not an address']) {
      expect((await gqlFrom(fresh(), REQUEST, { e })).body).toEqual({ data: { requestPasswordReset: true } });
    }
    // Asked after the others: once its link is out, theirs would have been too.
    await gqlFrom(fresh(), REQUEST, { e: witness.user.email });
    await mailOf('PASSWORD_RESET', witness.user.email);
    const resets = (await sink.messages()).filter((m) => m.kind === 'PASSWORD_RESET').map((m) => m.to);
    expect(resets).not.toContain(gone.user.email);
    expect(resets).not.toContain('nobody@example.org');
  });

  it('sets the new password once, signs in, ends the other sessions and confirms the address', async () => {
    const ana = await aDelegate(t);
    await t.db.query(`UPDATE app_user SET email_verified_at = NULL WHERE id = $1`, [ana.user.id]);
    await gqlFrom(fresh(), REQUEST, { e: ana.user.email });
    const token = resetTokenIn((await mailOf('PASSWORD_RESET', ana.user.email))[0].text);

    // A password the rules refuse is refused before the token is used: the link still works afterwards.
    const short = await gqlFrom(fresh(), RESET, { t: token, p: 'short' });
    expect(codeOf(short)).toBe('BAD_USER_INPUT');
    expect(short.errors![0].extensions!.field).toBe('password');

    const reset = must(await gqlFrom(fresh(), RESET, { t: token, p: 'a brand new password' }), 'resetPassword');
    expect(reset.user).toEqual({ id: ana.user.id, email: ana.user.email });
    // The old session is over; the new one works.
    expect(codeOf(await t.gql(ME, {}, ana.token))).toBe('UNAUTHENTICATED');
    expect(must(await t.gql(ME, {}, reset.accessToken), 'me').id).toBe(ana.user.id);
    // The old password no longer signs in, the new one does (the address counts as confirmed by the link).
    expect(codeOf(await gqlFrom(fresh(), LOGIN, { e: ana.user.email, p: PASSWORD }))).toBe('UNAUTHENTICATED');
    expect((await gqlFrom(fresh(), LOGIN, { e: ana.user.email, p: 'a brand new password' })).errors).toBeUndefined();
    const [row] = await t.db.query(`SELECT email_verified_at FROM app_user WHERE id = $1`, [ana.user.id]);
    expect(row.email_verified_at).toBeInstanceOf(Date);

    // Once only, like a confirmation link, with the same answer.
    const again = await gqlFrom(fresh(), RESET, { t: token, p: 'yet another password' });
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
    expect(reasonOf(again)).toBe('INVALID_TOKEN');
    expect((await gqlFrom(fresh(), LOGIN, { e: ana.user.email, p: 'yet another password' })).errors).toBeDefined();
  });

  it('refuses an expired, unknown or confirmation token with INVALID_TOKEN, and one of a disabled account', async () => {
    const bob = await aDelegate(t);
    const tokens = t.app.get(AccountTokensService);
    const expired = (await tokens.mint(bob.user.id, AccountTokenPurpose.PASSWORD_RESET, 60_000)).token;
    await t.db.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      sha256(expired),
    ]);
    const confirmation = (await tokens.mint(bob.user.id, AccountTokenPurpose.VERIFY_EMAIL, 60_000)).token;
    const live = (await tokens.mint(bob.user.id, AccountTokenPurpose.PASSWORD_RESET, 60_000)).token;
    await t.db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [bob.user.id]);
    for (const token of [expired, confirmation, 'A'.repeat(43), 'not-a-token', live]) {
      const r = await gqlFrom(fresh(), RESET, { t: token, p: 'a brand new password' });
      expect([codeOf(r), reasonOf(r)]).toEqual(['UNAUTHENTICATED', 'INVALID_TOKEN']);
    }
    await t.db.query(`UPDATE app_user SET disabled_at = NULL WHERE id = $1`, [bob.user.id]);
    expect((await gqlFrom(fresh(), LOGIN, { e: bob.user.email, p: PASSWORD })).errors).toBeUndefined();
  });

  it('limits reset requests per client, sharing the budget of the other account requests', async () => {
    const client = fresh();
    const spend = [
      await gqlFrom(client, REGISTER, {
        input: {
          email: 'someone.new@example.org',
          password: 'a long enough password',
          fullName: 'Someone New',
          partyCode: 'SEN',
          language: 'EN',
          timeZone: 'UTC',
        },
      }),
      ...(await Promise.all([1, 2, 3].map((i) => gqlFrom(client, REQUEST, { e: `x${i}@example.org` })))),
    ];
    for (const r of spend) expect(r.errors).toBeUndefined();
    const refused = await gqlFrom(client, REQUEST, { e: 'x4@example.org' });
    expect([codeOf(refused), reasonOf(refused)]).toEqual(['UNAUTHENTICATED', 'RATE_LIMITED']);
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect((await gqlFrom(fresh(), REQUEST, { e: 'x4@example.org' })).errors).toBeUndefined();
  });

  it('changes the password given the current one; a wrong one is a failed sign-in', async () => {
    const cho = await aDelegate(t);
    const client = fresh();
    const wrong = await gqlFrom(client, CHANGE, { c: 'not my password', n: 'my new password!' }, cho.token);
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.data).toBeNull();
    // Still signed in, and the password unchanged.
    expect(must(await t.gql(ME, {}, cho.token), 'me').id).toBe(cho.user.id);
    const tooShort = await gqlFrom(client, CHANGE, { c: PASSWORD, n: 'short' }, cho.token);
    expect([codeOf(tooShort), tooShort.errors![0].extensions!.field]).toEqual(['BAD_USER_INPUT', 'newPassword']);

    // The failures count with the sign-in failures of that account from that client (LOGIN_CONSECUTIVE_FAILURES 10).
    for (let i = 0; i < 9; i++) {
      expect(codeOf(await gqlFrom(client, LOGIN, { e: cho.user.email, p: 'guess' }))).toBe('UNAUTHENTICATED');
    }
    const limited = await gqlFrom(client, CHANGE, { c: PASSWORD, n: 'my new password!' }, cho.token);
    expect(reasonOf(limited)).toBe('RATE_LIMITED');

    expect(
      must(await gqlFrom(fresh(), CHANGE, { c: PASSWORD, n: 'my new password!' }, cho.token), 'changePassword'),
    ).toBe(true);
    // Every session of the account ends, this one included; the new password signs in.
    expect(codeOf(await t.gql(ME, {}, cho.token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gqlFrom(fresh(), LOGIN, { e: cho.user.email, p: PASSWORD }))).toBe('UNAUTHENTICATED');
    const back = must(await gqlFrom(fresh(), LOGIN, { e: cho.user.email, p: 'my new password!' }), 'login');
    expect(must(await t.gql(ME, {}, back.accessToken), 'me').id).toBe(cho.user.id);
    expect(codeOf(await t.gql(CHANGE, { c: PASSWORD, n: 'my new password!' }))).toBe('UNAUTHENTICATED');
  });

  it('updates the viewer’s own details only, checked as at registration', async () => {
    const dee = await aDelegate(t, { gender: 'female', timeZone: 'Africa/Dakar' });
    const other = await aDelegate(t);
    const changed = must(
      await t.gql(
        PROFILE,
        { input: { fullName: '  Dée Diallo ', language: 'ES', timeZone: 'america/lima' } },
        dee.token,
      ),
      'updateProfile',
    );
    expect(changed).toEqual({
      id: dee.user.id,
      fullName: 'Dée Diallo',
      language: 'ES',
      timeZone: 'America/Lima',
      gender: 'female',
    });
    // Left out: unchanged; gender null: no longer declared.
    const cleared = must(await t.gql(PROFILE, { input: { gender: null } }, dee.token), 'updateProfile');
    expect(cleared).toMatchObject({ fullName: 'Dée Diallo', language: 'ES', timeZone: 'America/Lima', gender: null });
    expect(must(await t.gql(ME, {}, other.token), 'me').fullName).toBe(other.user.fullName);

    const refusals: [Record<string, unknown>, string][] = [
      [{ fullName: 'Two\nlines' }, 'fullName'],
      [{ fullName: '   ' }, 'fullName'],
      [{ fullName: 'x'.repeat(201) }, 'fullName'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ gender: 'unknown' }, 'gender'],
      [{ language: 'DE' }, 'input'],
    ];
    for (const [input, field] of refusals) {
      const r = await t.gql(PROFILE, { input }, dee.token);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      if (field !== 'input') expect(r.errors![0].extensions!.field).toBe(field);
    }
    expect(must(await t.gql(ME, {}, dee.token), 'me')).toMatchObject({
      fullName: 'Dée Diallo',
      timeZone: 'America/Lima',
    });
    expect(codeOf(await t.gql(PROFILE, { input: { fullName: 'Anonymous' } }))).toBe('UNAUTHENTICATED');
  });
});
