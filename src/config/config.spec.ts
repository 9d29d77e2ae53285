import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/lms',
      redisUrl: 'redis://127.0.0.1:6379',
      smtpUrl: null,
      mailDir: 'var/mail',
      publicUrl: 'http://localhost:3000',
      processRole: 'all',
      seedDemo: true,
      reminderOffsetsMs: [7 * 86400000, 86400000, 3600000],
      runsApi: true,
      runsWorkers: true,
      jobs: { mailAttempts: 8, mailBackoffMs: 30_000, concurrency: 10, lockDurationMs: 30_000, outboxPollMs: 200 },
    });
    expect(loadConfig({ PROCESS_ROLE: 'worker' })).toMatchObject({ runsApi: false, runsWorkers: true });
    expect(loadConfig({ PROCESS_ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorkers: false });
    // No secret and no Redis namespace in the source: both come from the deployment's identity (src/deployment).
    expect(c.jwtSecret).toBeNull();
    expect(c.redisPrefix).toBeNull();
    expect(c.http).toEqual({ keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000 });
  });

  it('keeps JWT_SECRET and REDIS_PREFIX when given, and refuses a short secret', () => {
    expect(loadConfig({ JWT_SECRET: 'k'.repeat(32), REDIS_PREFIX: 'lms-eu' })).toMatchObject({
      jwtSecret: 'k'.repeat(32),
      redisPrefix: 'lms-eu',
    });
    expect(() => loadConfig({ JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET: must have at least 32 characters/);
    expect(() => loadConfig({ REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX/);
  });

  it('reads HTTP_KEEP_ALIVE_TIMEOUT, the header timeout a second above it, and refuses values out of range', () => {
    expect(loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT: 'PT2M' }).http).toEqual({
      keepAliveTimeoutMs: 120_000,
      headersTimeoutMs: 121_000,
    });
    for (const bad of ['PT0.5S', 'PT5M', '65']) {
      expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT: bad })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT/);
    }
  });

  it('reads the capacity-index weights and refuses unusable ones', () => {
    expect(loadConfig({}).capacityIndexWeights).toEqual({ gain: 0.5, certification: 0.3, application: 0.2 });
    expect(loadConfig({ CAPACITY_INDEX_WEIGHTS: '1, 0, 0' }).capacityIndexWeights).toEqual({
      gain: 1,
      certification: 0,
      application: 0,
    });
    for (const bad of ['0,0,0', '0.5,0.5', '-1,1,1', 'a,b,c']) {
      expect(() => loadConfig({ CAPACITY_INDEX_WEIGHTS: bad })).toThrow(/CAPACITY_INDEX_WEIGHTS/);
    }
  });

  it('names every bad variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REMINDER_OFFSETS: 'P7D,soon', PROCESS_ROLE: 'both' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    for (const name of ['PORT', 'DATABASE_URL', 'REMINDER_OFFSETS', 'PROCESS_ROLE']) expect(text).toContain(name);
  });

  it('starts in production without JWT_SECRET (the database keeps a random one) and turns the demo seed off there', () => {
    const c = loadConfig({ NODE_ENV: 'production' });
    expect(c.jwtSecret).toBeNull();
    expect(c.seedDemo).toBe(false);
    expect(c.production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }).jwtSecret).toBe('s'.repeat(32));
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and a password of 10 characters', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.org' })).toThrow(/ADMIN_EMAIL, ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'long enough pw' }).admin).toEqual({
      email: 'a@b.org',
      password: 'long enough pw',
    });
  });

  it('counts sign-in failures per account and client, per client and per account, configurable', () => {
    expect(loadConfig({}).login).toEqual({
      consecutiveFailures: { points: 10, seconds: 900 },
      failuresPerClient: { points: 100, seconds: 3600 },
      failuresPerAccount: { points: 100, seconds: 86_400 },
    });
    const c = loadConfig({
      LOGIN_CONSECUTIVE_FAILURES: '5',
      LOGIN_CONSECUTIVE_FAILURES_WINDOW: 'PT30M',
      LOGIN_FAILURES_PER_CLIENT: '300',
      LOGIN_FAILURES_PER_CLIENT_WINDOW: 'PT2H',
      LOGIN_FAILURES_PER_ACCOUNT: '50',
      LOGIN_FAILURES_PER_ACCOUNT_WINDOW: 'P2D',
    });
    expect(c.login).toEqual({
      consecutiveFailures: { points: 5, seconds: 1800 },
      failuresPerClient: { points: 300, seconds: 7200 },
      failuresPerAccount: { points: 50, seconds: 172_800 },
    });
    for (const bad of [
      { LOGIN_CONSECUTIVE_FAILURES: '0' },
      { LOGIN_FAILURES_PER_CLIENT: 'many' },
      { LOGIN_FAILURES_PER_ACCOUNT_WINDOW: '1 day' },
    ]) {
      expect(() => loadConfig(bad)).toThrow(new RegExp(Object.keys(bad)[0]));
    }
  });

  it('limits registrations and account e-mails, and sizes password hashing by the cores and the libuv pool', () => {
    expect(loadConfig({}).registration).toEqual({
      perClient: { points: 10, seconds: 3600 },
      mailsPerAddress: { points: 5, seconds: 3600 },
      verificationTtlMs: 48 * 3_600_000,
      passwordResetTtlMs: 3_600_000,
    });
    const c = loadConfig({
      REGISTRATIONS_PER_CLIENT: '3',
      ACCOUNT_MAILS_PER_ADDRESS: '2',
      EMAIL_VERIFICATION_TTL: 'PT12H',
      PASSWORD_RESET_TTL: 'PT30M',
    });
    expect(c.registration).toMatchObject({
      perClient: { points: 3 },
      mailsPerAddress: { points: 2 },
      verificationTtlMs: 12 * 3_600_000,
      passwordResetTtlMs: 30 * 60_000,
    });
    expect(() => loadConfig({ PASSWORD_RESET_TTL: '1 hour' })).toThrow(/PASSWORD_RESET_TTL/);
    const hashing = loadConfig({}).passwordHashing;
    // One hash per 4 cores (each runs its 4 lanes on threads of its own), at least one, and a libuv thread to spare.
    expect(hashing.concurrency).toBe(Math.max(1, Math.min(Math.floor(availableParallelism() / 4), 3)));
    expect(hashing.maxWaiting).toBe(50);
    expect(loadConfig({ UV_THREADPOOL_SIZE: '1' }).passwordHashing.concurrency).toBe(1);
    expect(loadConfig({ PASSWORD_HASH_CONCURRENCY: '6', PASSWORD_HASH_QUEUE: '0' }).passwordHashing).toEqual({
      concurrency: 6,
      maxWaiting: 0,
    });
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
    expect(() => loadConfig({ REGISTRATIONS_PER_CLIENT: '-1' })).toThrow(/REGISTRATIONS_PER_CLIENT/);
  });

  it('derives PUBLIC_URL from PORT unless given', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://lms.example.org/' }).publicUrl).toBe('https://lms.example.org');
  });
});
