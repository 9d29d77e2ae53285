import { createHash } from 'node:crypto';
import { Agent, request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Role } from '../../src/auth/role.enum';
import { TestApp } from '../support/test-app';

/**
 * Issue #13, point 8: security headers on every HTTP route (helmet, in one place, with a Content-Security-Policy for
 * what each route serves), errors that are JSON whatever the route, and keep-alive timeouts above a proxy's.
 */

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** The CSP's directives by name: `{ 'default-src': ["'none'"], … }`. */
function csp(headers: Headers): Record<string, string[]> {
  const value = headers.get('content-security-policy');
  if (!value) throw new Error('no Content-Security-Policy');
  return Object.fromEntries(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** What every answer carries, whatever the route. */
function expectCommonHeaders(answer: Answer, what: string): void {
  const h = answer.headers;
  expect({
    what,
    nosniff: h.get('x-content-type-options'),
    frame: h.get('x-frame-options'),
    referrer: h.get('referrer-policy'),
  }).toEqual({
    what,
    nosniff: 'nosniff',
    frame: 'DENY',
    referrer: 'no-referrer',
  });
  expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
  expect(h.get('x-powered-by')).toBeNull();
  expect(csp(h)['frame-ancestors']).toEqual(["'none'"]);
}

const NOTHING = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

describe('HTTP hardening', () => {
  let t: TestApp;
  let admin: string;

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(`${t.url}${path}`, { headers, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('answers the JSON API, health, reports, PDFs and unknown paths with a policy that lets nothing load', async () => {
    const post = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const answers: [string, Answer][] = [
      ['POST /graphql', { status: post.status, headers: post.headers, body: await post.text() }],
      ['GET /graphql as an API client', await get('/graphql?query=%7B__typename%7D', { accept: 'application/json' })],
      ['GET /health', await get('/health')],
      ['GET /certificates/{unknown}.pdf', await get(`/certificates/${'A'.repeat(32)}.pdf`)],
      ['GET /reports without a token', await get('/reports/completion-stats.csv')],
      [
        'GET /reports as the Secretariat',
        await get('/reports/completion-stats.csv?groupBy=REGION', { authorization: `Bearer ${admin}` }),
      ],
      ['GET an unknown path', await get('/no/such/route')],
    ];
    for (const [what, answer] of answers) {
      expectCommonHeaders(answer, what);
      expect({ what, csp: csp(answer.headers) }).toEqual({ what, csp: NOTHING });
    }
    expect(answers.map(([what, a]) => [what, a.status])).toEqual([
      ['POST /graphql', 200],
      ['GET /graphql as an API client', 400], // Apollo's CSRF prevention: a GET needs a preflight header
      ['GET /health', 200],
      ['GET /certificates/{unknown}.pdf', 404],
      ['GET /reports without a token', 401],
      ['GET /reports as the Secretariat', 200],
      ['GET an unknown path', 404],
    ]);
  });

  it('answers a calendar that does not exist with JSON labelled JSON, not cached, and a real one as a calendar', async () => {
    const missing = await get(`/calendar/${'A'.repeat(43)}.ics`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(missing.headers.get('cache-control')).toBe('no-store');
    // The one HTTP mapping of domain errors (error.filter.ts), as on every other route.
    expect(JSON.parse(missing.body)).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'No calendar at this address' },
    });
    expectCommonHeaders(missing, 'calendar 404');
    const malformed = await get('/calendar/not-a-token.ics');
    expect([malformed.status, malformed.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);

    const { token } = await t.user([Role.DELEGATE]);
    const url: string = (await t.gql('mutation { rotateCalendarToken }', {}, token)).data.rotateCalendarToken;
    const feed = await get(new URL(url).pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('private, max-age=300');
    expect(feed.body).toMatch(/^BEGIN:VCALENDAR/);
    expectCommonHeaders(feed, 'calendar feed');
  });

  it('lets the verification page use its own style and nothing else', async () => {
    const page = await get(`/verify/${'Z'.repeat(32)}`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expectCommonHeaders(page, '/verify');
    const policy = csp(page.headers);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.body)![1];
    const hash = `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['style-src']).toContain(hash);
    expect(policy['style-src']).not.toContain("'unsafe-inline'");
    expect(policy['script-src']).toBeUndefined(); // default-src 'none': no script at all
    expect(page.body).not.toMatch(/<script|style="/);
  });

  it('lets the queue dashboard load its own scripts and styles only, and refuses others with the same headers', async () => {
    const refused = await get('/admin/queues');
    expect(refused.status).toBe(401);
    expectCommonHeaders(refused, 'dashboard 401');

    const page = await get('/admin/queues', { authorization: `Bearer ${admin}` });
    expect(page.status).toBe(200);
    expectCommonHeaders(page, 'dashboard');
    const policy = csp(page.headers);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    // Every script the page runs comes from this origin; the one inline <script> is JSON data, not run.
    const scripts = [...page.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const attributes of scripts) {
      const src = /src="([^"]+)"/.exec(attributes)?.[1];
      if (src) expect(src).not.toMatch(/^(https?:)?\/\//);
      else expect(attributes).toMatch(/type="application\/json"/);
    }
    const asset = /<script defer src="([^"]+)"/.exec(page.body)![1];
    const js = await get(`/admin/queues/${asset}`, { authorization: `Bearer ${admin}` });
    expect([js.status, js.headers.get('content-type')]).toEqual([200, expect.stringMatching(/javascript/)]);
    expectCommonHeaders(js, 'dashboard script');
  });

  it("refuses the queue dashboard with the platform's own errors, read by its own auth middleware", async () => {
    const body = (a: Answer) => JSON.parse(a.body) as { error: { code: string; message: string } };
    const anonymous = await get('/admin/queues');
    expect([
      anonymous.status,
      anonymous.headers.get('content-type'),
      anonymous.headers.get('www-authenticate'),
    ]).toEqual([401, 'application/json; charset=utf-8', 'Bearer']);
    expect(body(anonymous).error.code).toBe('UNAUTHENTICATED');
    // The same answer as any route for a malformed header or a forged token, never the anonymous one.
    for (const authorization of ['Basic abc', 'Bearer not.a.token']) {
      const bad = await get('/admin/queues', { authorization });
      expect([bad.status, body(bad).error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const forged = await get('/admin/queues?token=not.a.token');
    expect([forged.status, body(forged).error.code, forged.headers.get('set-cookie')]).toEqual([
      401,
      'UNAUTHENTICATED',
      null,
    ]);
    const { token } = await t.user([Role.DELEGATE]);
    for (const delegate of [
      await get('/admin/queues', { authorization: `Bearer ${token}` }),
      await get(`/admin/queues?token=${token}`),
      await get('/admin/queues', { cookie: `lms_queues=${token}` }),
    ]) {
      expect([delegate.status, body(delegate).error.code, delegate.headers.get('set-cookie')]).toEqual([
        403,
        'FORBIDDEN',
        null,
      ]);
    }
    const secretariat = await get('/admin/queues', { cookie: `lms_queues=${admin}` });
    expect(secretariat.status).toBe(200);
    // The cookie is Secure when the page was asked for over HTTPS (here through a proxy on loopback), not over HTTP.
    const plain = await get(`/admin/queues?token=${admin}`);
    const overTls = await get(`/admin/queues?token=${admin}`, { 'x-forwarded-proto': 'https' });
    expect([plain.status, overTls.status]).toEqual([303, 303]);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    expect(overTls.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it("lets Apollo's landing page (outside production) load the sandbox its page names", async () => {
    const page = await get('/graphql', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expectCommonHeaders(page, 'landing page');
    const policy = csp(page.headers);
    const origins = [...page.body.matchAll(/<script[^>]+src="(https:\/\/[^/"]+)/g)].map((m) => m[1]);
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of origins) expect(policy['script-src']).toContain(origin);
    // The page's own policy (a <meta> with a nonce) narrows the inline scripts this one allows.
    expect(page.body).toMatch(/<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'nonce-/);
  });

  it('answers a body over the limit and a malformed request with the headers too', async () => {
    const big = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(300 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('x-content-type-options')).toBe('nosniff');
    expect(csp(big.headers)['default-src']).toEqual(["'none'"]);

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write('NOT HTTP AT ALL\r\n\r\n');
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/);
  });

  it('keeps an idle connection open past a proxy’s idle timeout: HTTP_KEEP_ALIVE_TIMEOUT', async () => {
    const server = t.app.getHttpServer() as Server;
    expect([server.keepAliveTimeout, server.headersTimeout]).toEqual([
      t.config.http.keepAliveTimeoutMs,
      t.config.http.headersTimeoutMs,
    ]);
    expect(t.config.http).toEqual({ keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000 });

    // One connection, used, left idle for 6 s (Node's default closed it after 5), used again.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = Number(new URL(t.url).port);
    const call = () =>
      new Promise<{ status: number; reused: boolean; socket: Socket }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket, socket: req.socket! }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await call();
      let closed = false;
      first.socket.once('close', () => (closed = true));
      await new Promise((r) => setTimeout(r, 6000));
      expect(closed).toBe(false);
      const second = await call();
      expect({ status: second.status, reused: second.reused, same: second.socket === first.socket }).toEqual({
        status: 200,
        reused: true,
        same: true,
      });
    } finally {
      agent.destroy();
    }

    // A short timeout, to see that the setting is the one applied: the server closes the idle connection after it.
    const short = await TestApp.start({ SEED_DEMO: 'false', HTTP_KEEP_ALIVE_TIMEOUT: 'PT1S' }, { sameDatabaseAs: t });
    const shortAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const shortServer = short.app.getHttpServer() as Server;
      expect([shortServer.keepAliveTimeout, shortServer.headersTimeout]).toEqual([1000, 2000]);
      const socket = await new Promise<Socket>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: Number(new URL(short.url).port), path: '/health', agent: shortAgent },
          (res) => {
            res.resume();
            res.on('end', () => resolve(req.socket!));
          },
        );
        req.on('error', reject);
        req.end();
      });
      const closedAfter = await new Promise<number>((resolve) => {
        const start = Date.now();
        socket.once('close', () => resolve(Date.now() - start));
      });
      expect(closedAfter).toBeLessThan(2500);
    } finally {
      shortAgent.destroy();
      await short.close();
    }
  }, 30_000);
});
