import { fork } from 'node:child_process';
import { join } from 'node:path';
import { buildMessage, composeMail, MailKind, smtpPoolOptions, type BuiltMessage } from '../libs/mailer/src';
import { JobName, JobQueues, QueueName, type JobToAdd } from '../libs/queue/src';
import { recipientOf } from '../src/auth/recipient';
import { loadConfig } from '../src/config/config';
import { mailerOptionsOf } from '../src/notifications/mailer-options';
import { reminderKey } from '../src/notifications/notification-plan';
import { SESSION_SNAPSHOT, snapshotOfRow } from '../src/sessions/session-snapshot';
import { connect, deploymentIdOf, dropDatabase, freshDatabaseName } from './support/database';
import { deleteKeysUnder } from './support/redis-keys';
import { fmt, pct, type BenchResult } from './support/results';
import { sampleRss, sleep, startServer, type BenchServer } from './support/server';
import { SmtpCounter, type CountedMail } from './support/smtp-counter';
import { cpuSecondsOf, cpuSecondsOfNamed } from './support/cpu-time';

/**
 * P4: 100,000 due reminders through the reminders queue, the platform's worker process and its mailer into an SMTP
 * server running in this process, against two baselines: the delivery limit, bare nodemailer in a process of its own
 * sending pre-built reminder messages (composed by the platform's composer from the same data) through the
 * platform's pooled SMTP transport options to the same server at the same concurrency; and the same number of bare
 * BullMQ jobs that do nothing, run by a worker process of the same concurrency on the same Redis. Also P6's worker
 * half: the worker's peak resident memory.
 *
 * The data is what a reminder reads: confirmed enrolments of delegates in scheduled webinars, written with SQL. The
 * jobs are those the platform plans for each confirmed enrolment (one per REMINDER_OFFSETS moment, with the
 * platform's job ids and payloads), added with the platform's JobQueues, without a delay: they are the reminders at
 * the moment they come due.
 */
const N = Number(process.env.BENCH_P4_REMINDERS ?? 100_000);
/** WORKER_CONCURRENCY of the platform's worker and of the baseline's (both run every queue at this concurrency). */
const CONCURRENCY = Number(process.env.BENCH_P4_CONCURRENCY ?? 10);
const SESSIONS = 40;
/** Distinct pre-built messages the bare nodemailer baseline sends in turn, and how many sends it makes in all. */
const BARE_SAMPLE = 1000;
const BARE_COUNT = Number(process.env.BENCH_P4_BARE_COUNT ?? N);
/** Jobs per addBulk (the platform adds one event's jobs at a time; 1,000 keeps the adding well ahead of the work). */
const CHUNK = 1000;
/** Give up once no message has arrived for this long. */
const STALL_MS = 60_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PUBLIC_HOST = 'bench.example.org';
const GOAL_RATIO = 0.5;
const GOAL_RSS_MB = 300;

/** The platform's defaults (REMINDER_OFFSETS, MAIL_MAX_ATTEMPTS, MAIL_RETRY_BACKOFF, JOB_LOCK_DURATION). */
const DEFAULTS = loadConfig({});

interface Reminder {
  key: string;
  enrolmentId: string;
  email: string;
  offsetMs: number;
  job: JobToAdd;
}

export async function run(): Promise<BenchResult[]> {
  const dbName = await freshDatabaseName('p4');
  const basePrefix = `${dbName}_baseline`;
  let api: BenchServer | null = null;
  let worker: BenchServer | null = null;
  let smtp: SmtpCounter | null = null;
  try {
    const g0 = Date.now();
    api = await startServer(dbName, { SEED_DEMO: 'false' });
    const reminders = await generate(dbName);
    // Jobs added here carry the deployment's id, as the platform's own JobQueues adds them; the worker runs only those.
    const deploymentId = await deploymentIdOf(dbName);
    // The API has migrated and seeded; the reminders need only the worker.
    await api.stop();
    api = null;
    const generatedIn = Date.now() - g0;
    process.stdout.write(
      `   ${fmt(reminders.length)} reminders of ${fmt(new Set(reminders.map((r) => r.enrolmentId)).size)} confirmed enrolments generated in ${fmt(generatedIn / 1000, 1)} s\n`,
    );

    const baseline = await measureBaseline(basePrefix, reminders, deploymentId);
    process.stdout.write(`   baseline: ${fmt(baseline.rate)} bare jobs/s\n`);

    smtp = await SmtpCounter.start();
    const sample = await buildSample(dbName, reminders);
    const bare = await measureBareNodemailer(smtp, sample);
    process.stdout.write(
      `   baseline: ${fmt(bare.rate)} messages/s by bare nodemailer (${bare.exact ? 'each sent once' : 'NOT each sent once'})\n`,
    );
    smtp.clear();
    worker = await startServer(dbName, {
      PROCESS_ROLE: 'worker',
      SMTP_URL: smtp.url,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      SEED_DEMO: 'false',
      ...(process.env.BENCH_P4_WORKER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_P4_WORKER_NODE_OPTIONS } : {}),
    });
    const rss = sampleRss(worker.pid);
    await sleep(500);
    const before = smtp.count;
    const sqlBefore = await transactionsOf(dbName);

    const queues = new JobQueues({
      redisUrl: REDIS_URL,
      prefix: dbName,
      deploymentId,
      mailAttempts: DEFAULTS.jobs.mailAttempts,
      mailBackoffMs: DEFAULTS.jobs.mailBackoffMs,
    });
    const cpu0 = cpuNow(worker.pid);
    const backends0 = await backendCpu(dbName);
    const t0 = Date.now();
    let enqueuedAt = 0;
    try {
      for (let i = 0; i < reminders.length; i += CHUNK)
        await queues.enqueueMany(reminders.slice(i, i + CHUNK).map((r) => r.job));
      enqueuedAt = Date.now();
      const complete = await waitForCount(smtp, before + reminders.length, 'messages');
      const cpu = cpuSince(cpu0, worker.pid, reminders.length);
      const backends = await backendCpu(dbName);
      const dbCpu = [...backends].reduce((sum, [pid, seconds]) => sum + seconds - (backends0.get(pid) ?? 0), 0);
      const peakRss = rss.stop();
      // The ledger row becomes SENT right after the server's 250: give the last ones, and any duplicate, time to come.
      const ledger = await settledLedger(dbName, reminders.length);
      await sleep(1000);
      const counts = (await queues
        .queue(QueueName.REMINDERS)
        .getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed')) as Record<string, number>;
      const sqlAfter = await transactionsOf(dbName);

      const check = checkMessages(smtp.received.slice(before), reminders);
      const t1 = check.lastAt;
      const rate = complete && t1 > t0 ? reminders.length / ((t1 - t0) / 1000) : 0;
      const ratio = bare.rate > 0 ? rate / bare.rate : 0;
      const failedLogs = worker.out.filter((l) => l.includes('failed')).length;
      const exact =
        complete &&
        check.distinct === reminders.length &&
        check.duplicates === 0 &&
        check.lost === 0 &&
        check.unexpected === 0 &&
        check.wrongRecipient === 0 &&
        ledger.sent === reminders.length &&
        ledger.other === 0 &&
        // Every reminder's job kept as completed (the sweep's jobs in the same queue once trimmed them to 100).
        (counts.completed ?? 0) >= reminders.length &&
        (counts.failed ?? 0) === 0;

      const p4: BenchResult = {
        id: 'P4',
        what: `${fmt(reminders.length)} reminders through the queue, the worker process and the mailer into an in-process SMTP server (WORKER_CONCURRENCY ${CONCURRENCY})`,
        figure: `${fmt(rate)} reminders/s (${fmt((t1 - t0) / 1000, 1)} s from the first job added to the last message received)`,
        baseline:
          `${fmt(bare.rate)} messages/s by bare nodemailer (the same messages pre-built, the platform's pooled SMTP options, same server, ${CONCURRENCY} in flight); ` +
          `${fmt(baseline.rate)} bare jobs/s (no-op worker process, same Redis, concurrency ${CONCURRENCY})`,
        ratio: `${pct(rate, bare.rate)} of bare nodemailer; ${pct(rate, baseline.rate)} of no-op jobs`,
        goal: '≥ 50 % of bare nodemailer; none lost, none twice',
        met: exact && bare.exact && ratio >= GOAL_RATIO,
        notes: [
          `messages: ${fmt(check.reminders)} reminders received, ${fmt(check.distinct)} distinct Message-IDs, ${fmt(check.tuples)} distinct recipient×enrolment×offset, ` +
            `${fmt(check.duplicates)} twice, ${fmt(check.lost)} lost, ${fmt(check.unexpected)} unexpected, ${fmt(check.wrongRecipient)} to a recipient other than the enrolment's delegate, ${fmt(check.others)} other messages` +
            (complete ? '' : ` (gave up after ${STALL_MS / 1000} s without a new message)`),
          `mail ledger: ${fmt(ledger.sent)} SENT, ${fmt(ledger.other)} in another state, ${fmt(ledger.attempts)} attempts; queue: ${fmt(counts.completed ?? 0)} completed, ${fmt(counts.failed ?? 0)} failed, ${fmt((counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0))} left; ${failedLogs} failed-attempt warnings in the worker's log`,
          `adding the ${fmt(reminders.length)} jobs (addBulk of ${fmt(CHUNK)}) took ${fmt((enqueuedAt - t0) / 1000, 1)} s; first message ${fmt((check.firstAt - t0) / 1000, 2)} s after the first job; ${fmt(check.meanBytes / 1024, 1)} KiB a message`,
          `SQL: ${fmt((sqlAfter - sqlBefore) / reminders.length, 1)} transactions (autocommitted statements) per reminder in the worker's database`,
          `CPU per reminder: worker ${cpu.child}, its PostgreSQL backends ${fmt((1000 * dbCpu) / reminders.length, 2)} ms (all of PostgreSQL ${cpu.postgres}, all of Redis ${cpu.redis}, machine-wide), this process (adding jobs, SMTP server) ${cpu.self}`,
          `bare nodemailer baseline: ${fmt(bare.count)} sends of ${fmt(bare.sample)} distinct reminder messages composed by composeMail from ${fmt(bare.sample)} of the reminders' own facts (${fmt(bare.meanBytes / 1024, 1)} KiB a message, calendar part included) in ${fmt(bare.seconds, 1)} s, ${CONCURRENCY} in flight, pool of ${bare.maxConnections}; ` +
            `${fmt(bare.received)} received, each message its expected number of times: ${bare.exact ? 'yes' : 'NO'}, ${fmt(bare.wrongRecipient)} to another recipient; CPU per message: sender ${bare.cpu.child}, this process (SMTP server) ${bare.cpu.self}`,
          `no-op job baseline: ${fmt(reminders.length)} jobs of the same payloads and ids in ${fmt(baseline.seconds, 1)} s (adding took ${fmt(baseline.enqueueSeconds, 1)} s), peak RSS of its worker ${fmt(baseline.peakRss / 2 ** 20)} MB; CPU per job: worker ${baseline.cpu.child}, Redis ${baseline.cpu.redis}, this process ${baseline.cpu.self}`,
          `data: ${fmt(new Set(reminders.map((r) => r.enrolmentId)).size)} delegates confirmed in ${SESSIONS} scheduled webinars, REMINDER_OFFSETS ${DEFAULTS.reminderOffsetsMs.map((o) => `${o / 3600_000} h`).join(', ')}; generated in ${fmt(generatedIn / 1000, 1)} s (API start, migrations, seed, SQL)`,
        ],
      };
      const p6: BenchResult = {
        id: 'P6',
        what: 'worker resident memory under P4',
        figure: `${fmt(peakRss / 2 ** 20)} MB peak RSS`,
        baseline: '—',
        ratio: '—',
        goal: `≤ ${GOAL_RSS_MB} MB`,
        met: peakRss > 0 && peakRss <= GOAL_RSS_MB * 2 ** 20,
        notes: [`sampled every 100 ms from the worker's start to the last of the ${fmt(reminders.length)} reminders`],
      };
      return [p4, p6];
    } finally {
      await queues.close();
    }
  } finally {
    await worker?.stop();
    await api?.stop();
    await smtp?.close();
    // BENCH_P4_KEEP_DATABASE=1 leaves the database for a look afterwards (EXPLAIN, the ledger).
    if (process.env.BENCH_P4_KEEP_DATABASE) process.stdout.write(`   database kept: ${dbName}\n`);
    else await dropDatabase(dbName).catch(() => undefined);
    await deleteKeysUnder(dbName).catch(() => undefined);
    await deleteKeysUnder(basePrefix).catch(() => undefined);
  }
}

/**
 * Delegates, scheduled webinars some weeks ahead and one confirmed enrolment per delegate (with its history row and
 * the sessions' seat counts), then the reminders of each enrolment at each REMINDER_OFFSETS moment, N in all.
 */
async function generate(dbName: string): Promise<Reminder[]> {
  const offsets = DEFAULTS.reminderOffsetsMs;
  const delegates = Math.ceil(N / offsets.length);
  const db = await connect(dbName);
  try {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO app_user (email, password_hash, full_name, roles, party_code, language, time_zone, gender)
       SELECT format('p4.delegate.%s@bench.example.org', g),
              '$argon2id$v=19$m=65536,t=3,p=4$YmVuY2hiZW5jaA$bm90LWEtcmVhbC1oYXNoLW5vdC1hLXJlYWwtaGFzaA',
              (ARRAY['Amina', 'Jean-Pierre', 'María José', 'Nguyễn', 'Olena', 'Søren', 'Fatima', 'Kwame'])[1 + g % 8] || ' ' ||
              (ARRAY['Diallo', 'Dubois', 'García López', 'Thị Lan', 'Kovalenko', 'Østergaard', 'Haddad', 'Mensah'])[1 + (g / 8) % 8] || ' ' || g,
              ARRAY['DELEGATE']::app_user_roles_enum[],
              p.codes[1 + g % array_length(p.codes, 1)],
              (ARRAY['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'])[1 + g % 6]::app_user_language_enum,
              (ARRAY['UTC', 'Europe/Geneva', 'Africa/Nairobi', 'America/Bogota', 'Asia/Bangkok'])[1 + g % 5],
              (ARRAY['female', 'male', 'other'])[1 + g % 3]
         FROM generate_series(1, $1::int) g, (SELECT array_agg(code ORDER BY code) AS codes FROM party) p`,
      [delegates],
    );
    await db.query(
      `INSERT INTO training_session (kind, title, starts_at, ends_at, time_zone, capacity, status, language, join_url, sequence)
       SELECT 'WEBINAR', format('Inventories of new POPs, part %s', i), t.at + i * interval '1 hour',
              t.at + i * interval '1 hour' + interval '2 hours', 'Europe/Geneva', 5000, 'SCHEDULED',
              (ARRAY['EN', 'FR', 'ES'])[1 + i % 3]::training_session_language_enum,
              format('https://meet.example.org/p4-%s', i), 0
         FROM generate_series(1, $1::int) i, (SELECT date_trunc('hour', now()) + interval '30 days' AS at) t`,
      [SESSIONS],
    );
    await db.query(
      `INSERT INTO session_module (session_id, module_id)
       SELECT s.id, m.ids[1 + (row_number() OVER (ORDER BY s.starts_at))::int % array_length(m.ids, 1)]
         FROM training_session s, (SELECT array_agg(id ORDER BY code) AS ids FROM thematic_module) m`,
    );
    await db.query(
      `INSERT INTO enrolment (session_id, delegate_id, party_code, status, gender)
       SELECT s.ids[1 + (u.n - 1) % array_length(s.ids, 1)], u.id, u.party_code, 'CONFIRMED', u.gender
         FROM (SELECT id, party_code, gender, row_number() OVER (ORDER BY email) AS n FROM app_user WHERE email LIKE 'p4.delegate.%') u,
              (SELECT array_agg(id ORDER BY starts_at) AS ids FROM training_session) s`,
    );
    await db.query(
      `INSERT INTO enrolment_change (enrolment_id, from_status, to_status, by_id, reason)
       SELECT id, NULL, 'CONFIRMED', delegate_id, 'Enrolled (benchmark data)' FROM enrolment`,
    );
    await db.query(
      `UPDATE training_session s SET seats_taken = (SELECT count(*) FROM enrolment e WHERE e.session_id = s.id AND e.status = 'CONFIRMED')`,
    );
    await db.query('COMMIT');
    await db.query('ANALYZE');
    const { rows } = await db.query<{ id: string; session_id: string; starts_at: Date; email: string }>(
      `SELECT e.id, e.session_id, s.starts_at, u.email
         FROM enrolment e JOIN training_session s ON s.id = e.session_id JOIN app_user u ON u.id = e.delegate_id
        ORDER BY u.email`,
    );
    const reminders: Reminder[] = [];
    for (const row of rows) {
      const startsAt = row.starts_at.toISOString();
      for (const offsetMs of offsets) {
        if (reminders.length === N) break;
        const key = reminderKey(row.id, startsAt, offsetMs);
        reminders.push({
          key,
          enrolmentId: row.id,
          email: row.email.toLowerCase(),
          offsetMs,
          job: {
            name: JobName.SendReminderJob,
            data: { enrolmentId: row.id, sessionId: row.session_id, startsAt, offsetMs },
            opts: { jobId: key },
          },
        });
      }
    }
    return reminders;
  } finally {
    await db.end();
  }
}

/**
 * A sample of the reminders as the platform writes them: the facts a reminder job reads (its enrolment's delegate,
 * its session through the session_snapshot view), composed by the platform's composeMail with the worker's settings
 * (PUBLIC_URL, MAIL_FROM, the ledger key as Message-ID) and built to their bytes as its Mailer builds them.
 */
async function buildSample(dbName: string, reminders: Reminder[]): Promise<BuiltMessage[]> {
  const size = Math.min(BARE_SAMPLE, reminders.length);
  const picked = Array.from({ length: size }, (_, i) => reminders[Math.floor((i * reminders.length) / size)]);
  const db = await connect(dbName);
  try {
    const { rows } = await db.query<Record<string, any>>(
      `SELECT e.id AS enrolment_id, u.id AS delegate_id, u.email AS delegate_email, u.full_name AS delegate_name,
              u.language AS delegate_language, u.time_zone AS delegate_time_zone, u.party_code AS delegate_party_code, s.*
         FROM enrolment e
         JOIN app_user u ON u.id = e.delegate_id
         JOIN ${SESSION_SNAPSHOT} s ON s.id = e.session_id
        WHERE e.id = ANY($1::uuid[])`,
      [[...new Set(picked.map((r) => r.enrolmentId))]],
    );
    const byId = new Map(rows.map((row) => [row.enrolment_id as string, row]));
    return Promise.all(
      picked.map((r) => {
        const row = byId.get(r.enrolmentId)!;
        const session = snapshotOfRow(row);
        const to = recipientOf({
          id: row.delegate_id,
          email: row.delegate_email,
          fullName: row.delegate_name,
          language: row.delegate_language,
          timeZone: row.delegate_time_zone,
          partyCode: row.delegate_party_code,
        });
        const mail = composeMail(
          MailKind.SESSION_REMINDER,
          to,
          { session, offsetMs: r.offsetMs },
          {
            publicUrl: `http://${PUBLIC_HOST}`,
            from: DEFAULTS.mailFrom,
            messageId: `${r.key}@${PUBLIC_HOST}`,
            occurredAt: new Date(Date.parse(session.startsAt) - r.offsetMs).toISOString(),
          },
        );
        return buildMessage(mail);
      }),
    );
  } finally {
    await db.end();
  }
}

/**
 * The delivery limit: bare nodemailer in a process of its own (as the worker is), with the platform's pooled SMTP
 * transport options, sending the sample's messages in turn, BARE_COUNT in all with CONCURRENCY in flight, to the same
 * SMTP server. Timed from the go to the last message received, as P4 is; checked as P4 is: each message received
 * exactly as many times as it was sent, to its recipient.
 */
async function measureBareNodemailer(smtp: SmtpCounter, sample: BuiltMessage[]) {
  smtp.clear();
  // The worker's own mailer options, from the settings the worker gets (SMTP_URL, WORKER_CONCURRENCY).
  const mailer = mailerOptionsOf(loadConfig({ SMTP_URL: smtp.url, WORKER_CONCURRENCY: String(CONCURRENCY) }));
  const maxConnections = smtpPoolOptions(smtp.url, mailer.maxConnections).maxConnections;
  const child = fork(join(__dirname, 'support', 'bare-mailer.js'), [], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      SMTP_URL: smtp.url,
      CONCURRENCY: String(CONCURRENCY),
      COUNT: String(BARE_COUNT),
      MAX_CONNECTIONS: String(maxConnections),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Message =
    { type: 'started' | 'ready' } | { type: 'done'; t0: number; lastAt: number } | { type: 'error'; message: string };
  const next = (type: Message['type'], ms: number) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bare nodemailer: no '${type}' within ${ms / 1000} s`)), ms);
      const onMessage = (m: Message) => {
        if (m.type === 'error') reject(new Error(`bare nodemailer: ${m.message}`));
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`bare nodemailer exited with ${code}`)));
    });
  try {
    await next('started', 30_000);
    const ready = next('ready', 30_000);
    child.send({
      type: 'messages',
      sample: sample.map((m) => ({ envelope: m.envelope, raw: m.raw.toString('base64'), messageId: m.messageId })),
    });
    await ready;
    const finished = next('done', 600_000);
    finished.catch(() => undefined);
    const cpu0 = cpuNow(child.pid!);
    const t0 = Date.now();
    child.send({ type: 'go' });
    await finished;
    await waitForCount(smtp, BARE_COUNT, 'bare messages');
    const cpu = cpuSince(cpu0, child.pid!, BARE_COUNT);
    // Each message of the sample is sent floor(COUNT / size) times, one more for the first COUNT % size of them.
    const expected = new Map<string, { times: number; to: string[] }>();
    sample.forEach((m, i) =>
      expected.set(m.messageId.replace(/^<|>$/g, ''), {
        times: Math.floor(BARE_COUNT / sample.length) + (i < BARE_COUNT % sample.length ? 1 : 0),
        to: m.envelope.to.map((a) => a.toLowerCase()),
      }),
    );
    const times = new Map<string, number>();
    let lastAt = 0;
    let wrongRecipient = 0;
    for (const m of smtp.received) {
      times.set(m.messageId, (times.get(m.messageId) ?? 0) + 1);
      lastAt = Math.max(lastAt, m.receivedAt);
      if (m.to.join(',') !== expected.get(m.messageId)?.to.join(',')) wrongRecipient++;
    }
    const exact =
      smtp.received.length === BARE_COUNT &&
      wrongRecipient === 0 &&
      [...expected].every(([id, e]) => (times.get(id) ?? 0) === e.times) &&
      [...times.keys()].every((id) => expected.has(id));
    const seconds = (lastAt - t0) / 1000;
    return {
      rate: seconds > 0 ? BARE_COUNT / seconds : 0,
      seconds,
      count: BARE_COUNT,
      received: smtp.received.length,
      sample: sample.length,
      meanBytes: sample.reduce((sum, m) => sum + m.raw.length, 0) / sample.length,
      maxConnections,
      wrongRecipient,
      exact,
      cpu,
    };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
}

/** The same jobs (names, payloads, ids, options) through the same JobQueues, run by a worker whose jobs do nothing. */
async function measureBaseline(prefix: string, reminders: Reminder[], deploymentId: string) {
  const child = fork(join(__dirname, 'support', 'noop-worker.js'), [], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      JOB_LOCK_MS: String(DEFAULTS.jobs.lockDurationMs),
      EXPECT: String(reminders.length),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Message = { type: 'ready' } | { type: 'done'; completed: number; firstAt: number; lastAt: number };
  const next = (type: Message['type'], ms: number) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baseline worker: no '${type}' within ${ms / 1000} s`)), ms);
      const onMessage = (m: Message) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`baseline worker exited with ${code}`)));
    });
  const queues = new JobQueues({
    redisUrl: REDIS_URL,
    prefix,
    deploymentId,
    mailAttempts: DEFAULTS.jobs.mailAttempts,
    mailBackoffMs: DEFAULTS.jobs.mailBackoffMs,
  });
  try {
    await next('ready', 30_000);
    const rss = sampleRss(child.pid!);
    const finished = next('done', 300_000);
    finished.catch(() => undefined);
    const cpu0 = cpuNow(child.pid!);
    const t0 = Date.now();
    for (let i = 0; i < reminders.length; i += CHUNK)
      await queues.enqueueMany(reminders.slice(i, i + CHUNK).map((r) => r.job));
    const enqueueSeconds = (Date.now() - t0) / 1000;
    const done = (await finished) as Extract<Message, { type: 'done' }>;
    const cpu = cpuSince(cpu0, child.pid!, reminders.length);
    const peakRss = rss.stop();
    const seconds = (done.lastAt - t0) / 1000;
    return { rate: reminders.length / seconds, seconds, enqueueSeconds, peakRss, cpu };
  } finally {
    await queues.close();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
}

interface CpuMark {
  child: number;
  postgres: number;
  redis: number;
  self: number;
}

function cpuNow(pid: number): CpuMark {
  const own = process.cpuUsage();
  return {
    child: cpuSecondsOf(pid),
    postgres: cpuSecondsOfNamed('postgres'),
    redis: cpuSecondsOfNamed('redis-server'),
    self: (own.user + own.system) / 1e6,
  };
}

/** CPU milliseconds per job since `from`, per process (group). */
function cpuSince(from: CpuMark, pid: number, jobs: number): Record<keyof CpuMark, string> {
  const now = cpuNow(pid);
  const per = (k: keyof CpuMark) => `${fmt((1000 * (now[k] - from[k])) / jobs, 2)} ms`;
  return { child: per('child'), postgres: per('postgres'), redis: per('redis'), self: per('self') };
}

/** Waits until `target` messages have arrived; false if none arrived for STALL_MS. Prints progress now and then. */
async function waitForCount(smtp: SmtpCounter, target: number, what: string): Promise<boolean> {
  let last = -1;
  let changedAt = Date.now();
  let printedAt = Date.now();
  while (smtp.count < target) {
    const now = Date.now();
    if (smtp.count !== last) {
      last = smtp.count;
      changedAt = now;
    } else if (now - changedAt > STALL_MS) {
      return false;
    }
    if (now - printedAt > 20_000) {
      process.stdout.write(`   … ${fmt(smtp.count)} of ${fmt(target)} ${what}\n`);
      printedAt = now;
    }
    await sleep(50);
  }
  return true;
}

/** Every message against the planned reminders: by Message-ID, and by recipient × enrolment × offset. */
function checkMessages(mails: CountedMail[], reminders: Reminder[]) {
  const planned = new Map(reminders.map((r) => [`${r.key}@${PUBLIC_HOST}`, r]));
  const seen = new Set<string>();
  const tuples = new Set<string>();
  let duplicates = 0;
  let unexpected = 0;
  let wrongRecipient = 0;
  let others = 0;
  let count = 0;
  let bytes = 0;
  let firstAt = Infinity;
  let lastAt = 0;
  for (const m of mails) {
    if (m.kind !== 'SESSION_REMINDER') {
      others++;
      continue;
    }
    count++;
    bytes += m.bytes;
    firstAt = Math.min(firstAt, m.receivedAt);
    lastAt = Math.max(lastAt, m.receivedAt);
    const reminder = planned.get(m.messageId);
    if (!reminder) {
      unexpected++;
      continue;
    }
    if (seen.has(m.messageId)) duplicates++;
    seen.add(m.messageId);
    if (m.to.length !== 1 || m.to[0] !== reminder.email) wrongRecipient++;
    const [, enrolment, , offset] = m.messageId.split('@')[0].split('.');
    tuples.add(`${m.to.join(',')}|${enrolment}|${offset}`);
  }
  return {
    reminders: count,
    distinct: seen.size,
    tuples: tuples.size,
    duplicates,
    lost: reminders.length - seen.size,
    unexpected,
    wrongRecipient,
    others,
    firstAt,
    lastAt,
    meanBytes: count ? bytes / count : 0,
  };
}

/** The ledger once every reminder row has left SENDING (or after 30 s). */
async function settledLedger(
  dbName: string,
  expected: number,
): Promise<{ sent: number; other: number; attempts: number }> {
  const db = await connect(dbName);
  try {
    const until = Date.now() + 30_000;
    for (;;) {
      const { rows } = await db.query<{ status: string; n: number; attempts: number }>(
        `SELECT status, count(*)::int AS n, sum(attempts)::int AS attempts FROM mail_delivery WHERE kind = 'SESSION_REMINDER' GROUP BY status`,
      );
      const sent = rows.find((r) => r.status === 'SENT')?.n ?? 0;
      const other = rows.filter((r) => r.status !== 'SENT').reduce((s, r) => s + r.n, 0);
      const attempts = rows.reduce((s, r) => s + r.attempts, 0);
      if ((sent >= expected && other === 0) || Date.now() > until) return { sent, other, attempts };
      await sleep(200);
    }
  } finally {
    await db.end();
  }
}

/** CPU seconds used so far by each PostgreSQL backend connected to the database (by pid). */
async function backendCpu(dbName: string): Promise<Map<number, number>> {
  const db = await connect(dbName);
  try {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [dbName],
    );
    return new Map(
      rows.map((r) => [r.pid, cpuSecondsOf(r.pid)] as [number, number]).filter(([, s]) => Number.isFinite(s)),
    );
  } finally {
    await db.end();
  }
}

/** Transactions committed in the database so far (each autocommitted statement is one). */
async function transactionsOf(dbName: string): Promise<number> {
  const db = await connect(dbName);
  try {
    // Statistics are flushed by each backend at most once a second; clear this session's snapshot and read anew.
    await sleep(1100);
    await db.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await db.query<{ n: string }>(
      `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1`,
      [dbName],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await db.end();
  }
}
