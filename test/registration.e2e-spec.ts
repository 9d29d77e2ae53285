import { createHash } from 'node:crypto';
import { JobName, JobQueues, QueueName } from '@lib/queue';
import { PasswordHasher } from '../src/auth/password';
import { Role } from '../src/auth/role.enum';
import { Language } from '../src/catalogue/catalogue.enums';
import { CONFIRM_EMAIL, confirmationTokenIn, REGISTER } from './support/account-fixtures';
import { mailsOf, SmtpSink, workersMailingTo, type ReceivedMail } from './support/smtp-sink';
import { codeOf, TestApp, type GqlResult } from './support/test-app';

/**
 * Issue #13, point 3: `register` tells nobody whether an address has an account (same answer, same shape, about the
 * same time), a new account is usable once the link e-mailed to its address is followed, the owner of a known
 * address is told by e-mail instead, and registration is limited per client, per request and per process.
 */

const PUBLIC_URL = 'https://lms.example.org';
const LOGIN = `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { id } } }`;
const RESEND = `mutation S($e: String!) { resendVerification(email: $e) }`;
const PASSWORD = 'a long enough password';

const signUp = (email: string, change: Record<string, unknown> = {}) => ({
  email,
  password: PASSWORD,
  fullName: 'New Delegate',
  partyCode: 'SEN',
  language: 'EN',
  timeZone: 'Africa/Dakar',
  ...change,
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A GraphQL request from one client address (X-Forwarded-For from loopback, which the platform trusts). */
async function gqlFrom(
  t: TestApp,
  client: string,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<GqlResult> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  return { status: res.status, data: body.data, errors: body.errors, body };
}

describe('registration: one answer whatever the address, confirmed by e-mail', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let clients = 0;
  /** A fresh client address per call: most tests here are not about the per-client budget. */
  const fresh = () => `198.51.100.${++clients}`;
  const register = (email: string, change: Record<string, unknown> = {}, client = fresh()) =>
    gqlFrom(t, client, REGISTER, { input: signUp(email, change) });
  const mailOf = async (kind: string, address: string, count = 1): Promise<ReceivedMail[]> => {
    const mails = await sink.waitFor(
      (m) => mailsOf(m, kind, address).length >= count,
      30_000,
      `${count} ${kind} to ${address}`,
    );
    return mailsOf(mails, kind, address);
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({
      ...workersMailingTo(sink, PUBLIC_URL),
      REGISTRATIONS_PER_CLIENT: '5',
      ACCOUNT_MAILS_PER_ADDRESS: '3',
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('answers a new and a known address alike, in about the same time, and tells only the mailbox', async () => {
    const known = await t.user([Role.DELEGATE], { language: Language.FR, fullName: 'Awa Ndiaye' });
    const [before] = await t.db.query(`SELECT password_hash, full_name FROM app_user WHERE id = $1`, [known.user.id]);
    const timed = async (email: string) => {
      const started = performance.now();
      const r = await register(email, { fullName: 'Someone Else', password: 'another long password' });
      return { r, ms: performance.now() - started };
    };
    const fresh3 = ['new.one@example.org', 'New.Two@Example.org', 'new.three@example.org'];
    const runs: { r: GqlResult; ms: number; known: boolean; email: string }[] = [];
    for (let i = 0; i < 3; i++) {
      runs.push({ ...(await timed(fresh3[i])), known: false, email: fresh3[i] });
      runs.push({
        ...(await timed(known.user.email.toUpperCase())),
        known: true,
        email: known.user.email.toUpperCase(),
      });
    }
    for (const run of runs) {
      expect(run.r.status).toBe(200);
      expect(run.r.errors).toBeUndefined();
      expect(run.r.body).toEqual({
        data: { register: { email: run.email.toLowerCase(), verificationRequired: true } },
      });
    }
    // Both paths hash the password: the known address is not answered at once (it was, before: CONFLICT in ~5 ms).
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    const newMs = median(runs.filter((r) => !r.known).map((r) => r.ms));
    const knownMs = median(runs.filter((r) => r.known).map((r) => r.ms));
    expect(knownMs / newMs).toBeGreaterThan(1 / 3);
    expect(knownMs / newMs).toBeLessThan(3);

    // The owner of the known address hears of it, in French, through the SMTP server; the new addresses get a link.
    const warnings = await mailOf('REGISTRATION_ATTEMPT', known.user.email, 3);
    expect(warnings[0].subject).toBe("Quelqu'un a tenté de s'inscrire avec votre adresse");
    expect(warnings[0].text).toMatch(/aucun nouveau compte n'a été créé/);
    expect(warnings[0].text).not.toMatch(/account\/confirm/);
    for (const email of fresh3) {
      const [link] = await mailOf('EMAIL_VERIFICATION', email.toLowerCase());
      expect(link.subject).toBe('Confirm your e-mail address');
      expect(confirmationTokenIn(link.text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    // A fourth attempt on the known address: the same answer, but no fourth e-mail (ACCOUNT_MAILS_PER_ADDRESS=3).
    expect((await register(known.user.email)).data.register.verificationRequired).toBe(true);
    const settled = await sink.settle(1000);
    expect(mailsOf(settled, 'REGISTRATION_ATTEMPT', known.user.email)).toHaveLength(3);
    expect(mailsOf(settled, 'EMAIL_VERIFICATION', known.user.email)).toHaveLength(0);
    for (const email of fresh3) expect(mailsOf(settled, 'REGISTRATION_ATTEMPT', email.toLowerCase())).toHaveLength(0);
    // Nothing about the known account changed.
    const rows = await t.db.query(`SELECT password_hash, full_name FROM app_user WHERE email = $1`, [known.user.email]);
    expect(rows).toEqual([before]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM app_user WHERE email = ANY($1) AND email_verified_at IS NULL`,
      [fresh3.map((e) => e.toLowerCase())],
    );
    expect(n).toBe(3);
  }, 120_000);

  it('confirms an address with its link once; a second use and an expired link fail; no sign-in before', async () => {
    const email = 'to.confirm@example.org';
    await register(email);
    const [mail] = await mailOf('EMAIL_VERIFICATION', email);
    const token = confirmationTokenIn(mail.text);
    expect(mail.text).toContain(`${PUBLIC_URL}/confirm-email?token=${token}`);

    // The right password proves the owner: they are told why they cannot sign in yet. A wrong one learns nothing.
    const early = await gqlFrom(t, fresh(), LOGIN, { e: email, p: PASSWORD });
    expect(codeOf(early)).toBe('UNAUTHENTICATED');
    expect(early.errors![0].extensions!.reason).toBe('EMAIL_NOT_VERIFIED');
    const wrong = await gqlFrom(t, fresh(), LOGIN, { e: email, p: 'not the password' });
    expect(wrong.errors![0].extensions!.reason).toBeUndefined();

    const confirmed = await t.gql(CONFIRM_EMAIL, { token });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.confirmEmail.user).toMatchObject({ email, roles: ['DELEGATE'], party: { code: 'SEN' } });
    const me = await t.gql('{ me { email } }', {}, confirmed.data.confirmEmail.accessToken);
    expect(me.data.me).toEqual({ email });
    const again = await t.gql(CONFIRM_EMAIL, { token });
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
    expect(again.errors![0].extensions!.reason).toBe('INVALID_TOKEN');
    expect((await gqlFrom(t, fresh(), LOGIN, { e: email, p: PASSWORD })).errors).toBeUndefined();

    // Only the token's hash is kept; the token is in no outbox event, ledger row or queued job.
    const [user] = await t.db.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
    const stored = await t.db.query(`SELECT token_hash, used_at FROM account_token WHERE user_id = $1`, [user.id]);
    expect(stored).toEqual([{ token_hash: sha256(token), used_at: expect.any(Date) }]);
    const [{ leaks }] = await t.db.query(
      `SELECT (SELECT count(*) FROM outbox_event WHERE payload::text LIKE '%' || $1 || '%')
            + (SELECT count(*) FROM mail_delivery WHERE concat_ws(' ', key, message_id, subject, last_error) LIKE '%' || $1 || '%')
            + (SELECT count(*) FROM account_token WHERE token_hash LIKE '%' || $1 || '%') AS leaks`,
      [token],
    );
    expect(Number(leaks)).toBe(0);
    const ledger = await t.db.query(
      `SELECT key, status FROM mail_delivery WHERE kind = 'EMAIL_VERIFICATION' AND recipient_id = $1`,
      [user.id],
    );
    expect(ledger).toEqual([{ key: expect.stringMatching(/^EMAIL_VERIFICATION\./), status: 'SENT' }]);
    const job = await t.app.get(JobQueues).queue(QueueName.MAIL).getJob(ledger[0].key);
    expect(job?.name).toBe(JobName.SendEmailVerificationJob);
    expect(JSON.stringify(job?.data)).not.toContain(token);

    // An expired link confirms nothing.
    const late = 'too.late@example.org';
    await register(late);
    const lateToken = confirmationTokenIn((await mailOf('EMAIL_VERIFICATION', late))[0].text);
    await t.db.query(
      `UPDATE account_token SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`,
      [late],
    );
    const expired = await t.gql(CONFIRM_EMAIL, { token: lateToken });
    expect(expired.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
    const [{ verified }] = await t.db.query(`SELECT email_verified_at AS verified FROM app_user WHERE email = $1`, [
      late,
    ]);
    expect(verified).toBeNull();
    for (const bad of ['', 'x'.repeat(43), `${token}x`, '"><script>alert(1)</script>']) {
      expect((await t.gql(CONFIRM_EMAIL, { token: bad })).errors![0].extensions!.reason).toBe('INVALID_TOKEN');
    }
  }, 120_000);

  it('opens the link as a page that confirms only when its button is pressed, in the account’s language', async () => {
    const email = 'lucia@example.org';
    await register(email, { language: 'ES', fullName: 'Lucía Quispe' });
    const [mail] = await mailOf('EMAIL_VERIFICATION', email);
    expect(mail.subject).toBe('Confirme su dirección de correo electrónico');
    const token = confirmationTokenIn(mail.text);
    const page = `${t.url}/account/confirm?token=${token}`;
    const verifiedAt = async () =>
      (await t.db.query(`SELECT email_verified_at AS at FROM app_user WHERE email = $1`, [email]))[0].at;

    // A mail scanner opening the link changes nothing.
    for (let i = 0; i < 2; i++) {
      const get = await fetch(page);
      expect(get.status).toBe(200);
      expect(get.headers.get('content-type')).toMatch(/^text\/html/);
      expect(get.headers.get('cache-control')).toBe('no-store');
      const html = await get.text();
      expect(html).toContain('<html lang="es-ES">');
      expect(html).toContain(`<form method="post" action="confirm?token=${token}">`);
      expect(html).toContain('Confirmar mi dirección');
      // The page's own style applies under its Content-Security-Policy, and its form may post back here.
      const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
      const policy = get.headers.get('content-security-policy') ?? '';
      expect(policy).toContain(`'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
      expect(policy).toContain("form-action 'self'");
      expect(policy).toContain("default-src 'none'"); // no script, nothing loaded from elsewhere
    }
    expect(await verifiedAt()).toBeNull();

    const post = await fetch(page, { method: 'POST' });
    expect(post.status).toBe(200);
    const done = await post.text();
    expect(done).toContain('Su dirección de correo electrónico está confirmada');
    expect(done).toContain(`${PUBLIC_URL}/graphql`);
    expect(await verifiedAt()).toBeInstanceOf(Date);
    expect((await gqlFrom(t, fresh(), LOGIN, { e: email, p: PASSWORD })).errors).toBeUndefined();

    const twice = await fetch(page, { method: 'POST', headers: { 'accept-language': 'fr-CH, fr;q=0.9' } });
    expect(twice.status).toBe(404);
    expect(await twice.text()).toContain('Ce lien de confirmation ne fonctionne pas');
    const hostile = await fetch(`${t.url}/account/confirm?token=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(hostile.status).toBe(404);
    const hostileHtml = await hostile.text();
    expect(hostileHtml).not.toContain('<script>');
    expect(hostileHtml).toContain('This confirmation link does not work');
    expect((await fetch(`${t.url}/account/confirm?token=a&token=b`)).status).toBe(404);
  }, 120_000);

  it('sends a new link on resendVerification to an unconfirmed account only, answering true for any address', async () => {
    const email = 'lost.the.mail@example.org';
    await register(email);
    const first = confirmationTokenIn((await mailOf('EMAIL_VERIFICATION', email))[0].text);
    const confirmedAlready = await t.user([Role.DELEGATE]);
    for (const address of [email, 'nobody.here@example.org', confirmedAlready.user.email]) {
      const r = await gqlFrom(t, fresh(), RESEND, { e: address });
      expect(r.body).toEqual({ data: { resendVerification: true } });
    }
    const links = await mailOf('EMAIL_VERIFICATION', email, 2);
    const second = confirmationTokenIn(links[1].text);
    expect(second).not.toBe(first);
    const settled = await sink.settle(1000);
    expect(mailsOf(settled, 'EMAIL_VERIFICATION', 'nobody.here@example.org')).toHaveLength(0);
    expect(mailsOf(settled, 'EMAIL_VERIFICATION', confirmedAlready.user.email)).toHaveLength(0);
    // The newer link confirms; the older one then works no more.
    expect((await t.gql(CONFIRM_EMAIL, { token: second })).errors).toBeUndefined();
    expect((await t.gql(CONFIRM_EMAIL, { token: first })).errors![0].extensions!.reason).toBe('INVALID_TOKEN');
  }, 120_000);

  it('refuses five aliased register fields, or two password fields in any form, as a whole', async () => {
    const aliased = Array.from(
      { length: 5 },
      (_, i) =>
        `r${i}: register(input: { email: "alias${i}@example.org", password: "${PASSWORD}", fullName: "Alias", ` +
        `partyCode: "SEN", language: EN, timeZone: "UTC" }) { email }`,
    );
    const login = (alias: string) =>
      `${alias}: login(email: "x@example.org", password: "whatever password") { accessToken }`;
    const outboxBefore = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event`);
    for (const doc of [
      `mutation { ${aliased.join(' ')} }`,
      `mutation { ${aliased[0]} ${login('l')} }`,
      `mutation { ${login('a')} ${login('b')} }`,
      `mutation { ...A ...B } fragment A on Mutation { ${login('a')} } fragment B on Mutation { ${login('b')} }`,
      `mutation One { ${login('a')} } mutation Two { ${aliased[1]} }`,
    ]) {
      const r = await gqlFrom(t, fresh(), doc, {}, doc.includes('mutation One') ? 'One' : undefined);
      expect(r.status).toBe(400);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.data).toBeUndefined();
      expect(r.errors!.map((e) => e.message).join(' ')).toMatch(
        /At most one field that checks or sets a password per request; found 2|found 5/,
      );
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM app_user WHERE email LIKE 'alias%@example.org'`);
    expect(n).toBe(0);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox_event`)).toEqual(outboxBefore);
    // One is fine.
    expect((await gqlFrom(t, fresh(), `mutation { ${aliased[0]} }`)).data.r0).toEqual({ email: 'alias0@example.org' });
  });

  it('limits register and resendVerification per client address', async () => {
    const client = '203.0.113.50';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await register(`budget${i}@example.org`, {}, client));
    answers.push(await gqlFrom(t, client, RESEND, { e: 'budget0@example.org' }));
    expect(answers.map((a) => a.errors)).toEqual(Array(5).fill(undefined));
    const refused = await register('budget9@example.org', {}, client);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors![0].extensions).toMatchObject({
      reason: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect((await gqlFrom(t, client, RESEND, { e: 'budget1@example.org' })).errors![0].extensions!.reason).toBe(
      'RATE_LIMITED',
    );
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'budget9@example.org'`);
    expect(n).toBe(0);
    // Another address is not held up.
    expect((await register('budget9@example.org', {}, '203.0.113.51')).errors).toBeUndefined();
  }, 120_000);
});

describe('password hashing: a bounded number at once per process', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({
      REGISTRATIONS_PER_CLIENT: '1000',
      PASSWORD_HASH_CONCURRENCY: '2',
      PASSWORD_HASH_QUEUE: '40',
    });
  });
  afterAll(() => t.close());

  it('keeps 20 parallel registrations from holding up an unrelated { __typename }', async () => {
    const typename = async () => {
      const started = performance.now();
      const r = await t.gql('{ __typename }');
      expect(r.data).toEqual({ __typename: 'Query' });
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await typename(); // warm-up
    const quiet: number[] = [];
    for (let i = 0; i < 15; i++) quiet.push(await typename());
    const baseline = quiet.sort((a, b) => a - b)[7];

    const hasher = t.app.get(PasswordHasher);
    const registrations = Promise.all(
      Array.from({ length: 20 }, (_, i) => t.gql(REGISTER, { input: signUp(`parallel${i}@example.org`) })),
    );
    let done = false;
    void registrations.finally(() => (done = true));
    const busy: number[] = [];
    let waiting = 0;
    while (!done) {
      busy.push(await typename());
      waiting = Math.max(waiting, hasher.slots.queued);
      await new Promise((r) => setTimeout(r, 50));
    }
    const answers = await registrations;
    expect(answers.map((a) => a.errors)).toEqual(Array(20).fill(undefined));
    // Never more than two hashes at once; the others waited their turn instead of crowding the thread pool.
    expect(hasher.slots.peakActive).toBe(2);
    expect(waiting).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(3);
    busy.sort((a, b) => a - b);
    const typical = busy[busy.length >> 1];
    // Generous and relative to this machine (a loaded runner stretches single requests by seconds whatever runs):
    // before, { __typename } took 4 s under this load. What holds on any machine is the bound on hashes, above.
    expect(typical).toBeLessThan(Math.max(10 * baseline, 500));
    console.info(
      `{ __typename } alone: median ${baseline.toFixed(1)} ms; during 20 registrations: median ${typical.toFixed(1)} ms, ` +
        `worst ${busy[busy.length - 1].toFixed(1)} ms over ${busy.length} requests`,
    );
  }, 180_000);
});
