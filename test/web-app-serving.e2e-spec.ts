import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { WEB_DIST_DIR } from '../src/http/web-app';
import { aWebinar } from './support/factories';
import { TestApp } from './support/test-app';

/**
 * Issue #15: the web application is served by the same process as the API, at `/`: hashed assets precompressed
 * (brotli, else gzip) and cached as immutable, index.html revalidated, any page address answered with the app,
 * and the API's own routes exactly as they were.
 */
describe('web application serving', () => {
  let t: TestApp;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST_DIR, 'index.html'))) throw new Error('web/dist is missing: `npm run build` first');
    t = await TestApp.start({ SEED_DEMO: 'false' });
  });
  afterAll(() => t.close());

  it('serves the app at / with its own policy: scripts and styles of its origin only, nothing inline', async () => {
    const res = await get('/', { accept: 'text/html' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('answers any page address of the app with index.html, and leaves missing assets and API routes alone', async () => {
    for (const path of ['/sessions/7b0c2c39-5d8e-4d5e-9a53-7cb0b7b0e8a1', '/my/programme', '/party/nominations?x=1']) {
      const res = await get(path, { accept: 'text/html,application/xhtml+xml' });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(await res.text()).toContain('<div id="root"></div>');
    }
    const asset = await get('/assets/no-such-file.js', { accept: '*/*' });
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-type')).toMatch(/^application\/json/);
    // The API's routes answer as before, even to a browser asking for HTML.
    const health = await get('/health', { accept: 'text/html' });
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    const verify = await get(`/verify/${'Z'.repeat(32)}`, { accept: 'text/html' });
    expect([verify.status, (await verify.text()).includes('id="root"')]).toEqual([404, false]);
    const gql = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await gql.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('sends hashed assets precompressed, brotli first, cached for a year as immutable', async () => {
    const scripts = readdirSync(join(WEB_DIST_DIR, 'assets')).filter((f) => /\.js$/.test(f));
    const largest = scripts
      .map((f) => ({ f, size: readFileSync(join(WEB_DIST_DIR, 'assets', f)).length }))
      .sort((a, b) => b.size - a.size)[0].f;
    const original = readFileSync(join(WEB_DIST_DIR, 'assets', largest));

    const br = await fetch(`${t.url}/assets/${largest}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    // fetch decodes brotli itself: the bytes equal the file, and the .br file on disk is what went over the wire.
    expect(Buffer.from(await br.arrayBuffer()).equals(original)).toBe(true);
    const onDisk = readFileSync(join(WEB_DIST_DIR, 'assets', `${largest}.br`));
    expect(brotliDecompressSync(onDisk).equals(original)).toBe(true);
    expect(onDisk.length).toBeLessThan(original.length / 2);

    const gz = await fetch(`${t.url}/assets/${largest}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(readFileSync(join(WEB_DIST_DIR, 'assets', `${largest}.gz`))).equals(original)).toBe(true);

    const plain = await fetch(`${t.url}/assets/${largest}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(original)).toBe(true);
  });

  it('compresses GraphQL answers for clients that ask (brotli first), and leaves small ones as they are', async () => {
    const { request } = await import('node:http');
    const raw = (body: string, encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
        const req = request(
          `${t.url}/graphql`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': encoding } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const catalogue = JSON.stringify({
      query: '{ parties { code name region status } }',
    });
    const br = await raw(catalogue, 'br, gzip');
    expect(br.headers['content-encoding']).toBe('br');
    const json = JSON.parse(brotliDecompressSync(br.bytes).toString('utf8'));
    expect(json.data.parties.length).toBeGreaterThan(100);
    expect(br.bytes.length).toBeLessThan(brotliDecompressSync(br.bytes).length / 3);
    const gz = await raw(catalogue, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.bytes).toString('utf8'))).toEqual(json);
    const plain = await raw(catalogue, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.bytes.toString('utf8'))).toEqual(json);
    const small = await raw(JSON.stringify({ query: '{ __typename }' }), 'br, gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.bytes.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves a session as an iCalendar file for "add to my calendar", without the join link', async () => {
    const admin = await t.adminToken();
    const { id } = await aWebinar(t, admin, {
      title: 'Calendar check',
      joinUrl: 'https://meet.example.org/secret-room',
    });
    const res = await get(`/calendar/sessions/${id}.ics?lang=fr`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="session-${id}.ics"`);
    const body = await res.text();
    expect(body).toMatch(/^BEGIN:VCALENDAR/);
    expect(body).toContain('SUMMARY:Calendar check');
    expect(body).not.toContain('secret-room');
    const missing = await get('/calendar/sessions/7b0c2c39-5d8e-4d5e-9a53-7cb0b7b0e8a1.ics');
    expect(missing.status).toBe(404);
  });
});
