import { randomUUID } from 'node:crypto';
import { aDelegate, aWebinar } from './support/factories';
import { SmtpSink, workersMailingTo } from './support/smtp-sink';
import { TestApp } from './support/test-app';

const TOKEN = 'metrics-token-for-the-tests-0123456789';
const ADMITTED_NAMES = 5;
const ENROL = `mutation enrol($s: ID!) { enrol(sessionId: $s) { id status } }`;

/** One sample of a scrape: its metric name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples with this name and these labels (among others), 0 when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const get = (app: TestApp, path: string, authorization?: string) =>
  fetch(`${app.url}${path}`, { headers: authorization ? { authorization } : {} });

async function scrape(app: TestApp): Promise<Sample[]> {
  const res = await get(app, '/metrics', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return parse(await res.text());
}

/** Scrapes until `holds` is true of the samples (counters of the workers move a moment after the SMTP answer). */
async function scrapeUntil(app: TestApp, holds: (s: Sample[]) => boolean, what: string): Promise<Sample[]> {
  const until = Date.now() + 20_000;
  for (;;) {
    const samples = await scrape(app);
    if (holds(samples)) return samples;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GET /metrics with METRICS_TOKEN', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({
      ...workersMailingTo(sink, 'https://lms.example.org'),
      METRICS_TOKEN: TOKEN,
      METRICS_OPERATION_NAMES: String(ADMITTED_NAMES),
    });
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('refuses a scrape without the token, with another token or with a user’s access token', async () => {
    const wrongLastCharacter = `${TOKEN.slice(0, -1)}X`;
    for (const authorization of [
      undefined,
      `Bearer ${wrongLastCharacter}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${admin}`,
      `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`,
      TOKEN,
    ]) {
      const res = await get(t, '/metrics', authorization);
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain('lms_');
    }
  });

  it('answers the token with the Prometheus text format: requests, errors, pool, queues, outbox, process', async () => {
    const res = await get(t, '/metrics', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await res.text();
    for (const type of [
      '# TYPE lms_http_request_duration_seconds histogram',
      '# TYPE lms_graphql_request_duration_seconds histogram',
      '# TYPE lms_errors_total counter',
      '# TYPE lms_mails_total counter',
      '# TYPE lms_reminders_sent_total counter',
      '# TYPE lms_reminders_dropped_total counter',
      '# TYPE lms_db_pool_waiting gauge',
      '# TYPE nodejs_eventloop_lag_seconds gauge',
      '# TYPE process_resident_memory_bytes gauge',
    ]) {
      expect(text).toContain(type);
    }
    const samples = parse(text);
    expect(valueOf(samples, 'lms_db_pool_connections', { state: 'max' })).toBe(20);
    expect(valueOf(samples, 'lms_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(samples.some((s) => s.name === 'lms_db_pool_waiting')).toBe(true);
    expect(valueOf(samples, 'lms_metrics_source_up', { source: 'queues' })).toBe(1);
    expect(valueOf(samples, 'lms_metrics_source_up', { source: 'outbox' })).toBe(1);
    for (const queue of ['outbox', 'mail', 'reminders', 'certificates']) {
      expect(samples.some((s) => s.name === 'lms_queue_jobs' && s.labels.queue === queue)).toBe(true);
      expect(samples.some((s) => s.name === 'lms_queue_oldest_waiting_seconds' && s.labels.queue === queue)).toBe(true);
    }
    expect(samples.some((s) => s.name === 'lms_outbox_backlog')).toBe(true);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    // The earlier scrapes, labelled by the route's pattern.
    expect(
      valueOf(samples, 'lms_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '401' }),
    ).toBe(7);
  });

  it('counts an enrolment under its operation and route, and its confirmation e-mail by kind and outcome', async () => {
    const webinar = await aWebinar(t, admin);
    const delegate = await aDelegate(t);
    const before = await scrape(t);
    const op = { operation: 'enrol', type: 'mutation' };
    const graphqlPosts = { method: 'POST', route: '/graphql', status: '200' };
    const sent = { kind: 'ENROLMENT_CONFIRMED', outcome: 'sent' };

    const r = await t.gql(ENROL, { s: webinar.id }, delegate.token);
    expect(r.data.enrol.status).toBe('CONFIRMED');
    await sink.waitFor((mails) => mails.some((m) => m.to === delegate.user.email), 20_000, 'the confirmation');
    const after = await scrapeUntil(
      t,
      (s) => valueOf(s, 'lms_mails_total', sent) > valueOf(before, 'lms_mails_total', sent),
      'the sent e-mail to be counted',
    );

    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('lms_graphql_request_duration_seconds_count', op)).toBe(1);
    expect(delta('lms_graphql_request_duration_seconds_bucket', { ...op, le: '+Inf' })).toBe(1);
    expect(delta('lms_graphql_request_duration_seconds_sum', op)).toBeGreaterThan(0);
    expect(delta('lms_http_request_duration_seconds_count', graphqlPosts)).toBe(1);
    expect(delta('lms_mails_total', sent)).toBe(1);
    expect(delta('lms_mails_total', { kind: 'ENROLMENT_CONFIRMED', outcome: 'failed' })).toBe(0);
  });

  // 451, not 421: nodemailer's pool itself sends again over a new connection after a 421, which closes the channel.
  it('counts an SMTP refusal to try later as retried and a refusal for good as failed', async () => {
    const webinar = await aWebinar(t, admin);
    const later = await aDelegate(t);
    const never = await aDelegate(t);
    let refusedLater = 0;
    sink.refuseMail = ([to]) => {
      if (to === never.user.email) return { code: 550, message: 'No such user' };
      if (to === later.user.email && refusedLater++ === 0) return { code: 451, message: 'Try again later' };
      return null;
    };
    const before = await scrape(t);
    const count = (s: Sample[], outcome: string) =>
      valueOf(s, 'lms_mails_total', { kind: 'ENROLMENT_CONFIRMED', outcome }) -
      valueOf(before, 'lms_mails_total', { kind: 'ENROLMENT_CONFIRMED', outcome });
    try {
      for (const who of [later, never])
        expect((await t.gql(ENROL, { s: webinar.id }, who.token)).errors).toBeUndefined();
      await scrapeUntil(
        t,
        (s) => count(s, 'sent') === 1 && count(s, 'failed') === 1,
        'one e-mail sent after a retry and one failed',
      );
      const after = await scrape(t);
      expect(count(after, 'retried')).toBe(1);
      expect(count(after, 'sent')).toBe(1);
      expect(count(after, 'failed')).toBe(1);
      // Parsed a moment after the server's 250 (which came before the counter moved): wait for the parsing.
      const mails = await sink.messages();
      expect(mails.filter((m) => m.to === later.user.email)).toHaveLength(1);
      expect(mails.filter((m) => m.to === never.user.email)).toHaveLength(0);
    } finally {
      sink.refuseMail = () => null;
    }
  });

  it('counts errors by the code of API.md, once each', async () => {
    const before = await scrape(t);
    // Refused before Apollo starts (a bad token): the HTTP middleware counts it from the status.
    expect((await t.gql('{ me { id } }', {}, 'not-a-token')).status).toBe(401);
    // A document that does not validate: 400, counted once by the GraphQL plugin, not again from the status.
    expect((await t.gql('{ noSuchField }')).status).toBe(400);
    // An unknown id, in a 200 answer.
    const missing = await t.gql(`mutation { retryMailDelivery(id: "${randomUUID()}") { id } }`, {}, admin);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // A plain route: an unknown certificate.
    expect((await get(t, '/certificates/NOPE-NOPE.pdf')).status).toBe(404);
    const after = await scrape(t);
    const delta = (code: string) =>
      valueOf(after, 'lms_errors_total', { code }) - valueOf(before, 'lms_errors_total', { code });
    expect(delta('UNAUTHENTICATED')).toBe(1);
    expect(delta('BAD_USER_INPUT')).toBe(1);
    expect(delta('NOT_FOUND')).toBe(2);
    expect(delta('INTERNAL_SERVER_ERROR')).toBe(0);
    // The certificate route is labelled by its pattern, not by the code asked for.
    const routes = after.filter((s) => s.name === 'lms_http_request_duration_seconds_count').map((s) => s.labels.route);
    expect(routes.some((r) => r.startsWith('/certificates/'))).toBe(true);
    expect(routes.some((r) => r.includes('NOPE'))).toBe(false);
  });

  it('keeps the operation names bounded: 1,000 distinct names add at most METRICS_OPERATION_NAMES labels', async () => {
    const labelsOf = (s: Sample[]) =>
      new Set(s.filter((x) => x.name === 'lms_graphql_request_duration_seconds_count').map((x) => x.labels.operation));
    const before = await scrape(t);
    const otherBefore = valueOf(before, 'lms_graphql_request_duration_seconds_count', { operation: 'other' });
    for (let i = 0; i < 1000; i += 50) {
      const batch = Array.from({ length: 50 }, (_, j) => t.gql(`query hostile${i + j} { __typename }`));
      for (const r of await Promise.all(batch)) expect(r.data).toEqual({ __typename: 'Query' });
    }
    // The schema's own operation names stay labels after the flood.
    expect((await t.gql('query sessions { sessions { totalCount } }')).errors).toBeUndefined();

    const after = await scrape(t);
    const added = [...labelsOf(after)].filter((l) => !labelsOf(before).has(l));
    expect(added.filter((l) => l.startsWith('hostile')).length).toBeLessThanOrEqual(ADMITTED_NAMES);
    expect(added.length).toBeLessThanOrEqual(ADMITTED_NAMES + 2); // + `sessions` and `other` if they were new
    expect(labelsOf(after).has('sessions')).toBe(true);
    const hostileLabelled = [...labelsOf(after)].filter((l) => l.startsWith('hostile')).length;
    expect(valueOf(after, 'lms_graphql_request_duration_seconds_count', { operation: 'other' }) - otherBefore).toBe(
      1000 - hostileLabelled,
    );
    expect(valueOf(after, 'lms_graphql_request_duration_seconds_count', { operation: 'sessions' })).toBe(1);
  });

  it('is served by a worker process on its own port, with the queues and no GraphQL', async () => {
    const worker = await TestApp.start(
      { PROCESS_ROLE: 'worker', METRICS_TOKEN: TOKEN, SMTP_URL: sink.url },
      { sameDatabaseAs: t },
    );
    try {
      expect((await get(worker, '/metrics')).status).toBe(401);
      const samples = await scrape(worker);
      expect(valueOf(samples, 'lms_metrics_source_up', { source: 'queues' })).toBe(1);
      expect(samples.some((s) => s.name === 'lms_queue_jobs' && s.labels.queue === 'reminders')).toBe(true);
      expect(samples.some((s) => s.name === 'lms_graphql_request_duration_seconds_count')).toBe(false);
      expect((await fetch(`${worker.url}/graphql`, { method: 'POST' })).status).toBe(404);
    } finally {
      await worker.close();
    }
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
  });
  afterAll(() => t.close());

  it('answers 404, as an unknown route does, with or without a bearer token', async () => {
    // An unknown path among the API's (any other path is the web application's page when its build is there).
    const unknown = await get(t, '/health/no-such-route');
    expect(unknown.status).toBe(404);
    const unknownBody = JSON.stringify(await unknown.json()).replace('/health/no-such-route', '/metrics');
    for (const authorization of [undefined, `Bearer ${TOKEN}`]) {
      const res = await get(t, '/metrics', authorization);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
      expect(JSON.stringify(await res.json())).toBe(unknownBody);
    }
  });
});
