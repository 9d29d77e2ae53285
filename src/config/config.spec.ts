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
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads the capacity-index weights and refuses unusable ones', () => {
    expect(loadConfig({}).capacityIndexWeights).toEqual({ gain: 0.5, certification: 0.3, application: 0.2 });
    expect(loadConfig({ CAPACITY_INDEX_WEIGHTS: '1, 0, 0' }).capacityIndexWeights).toEqual({ gain: 1, certification: 0, application: 0 });
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

  it('requires JWT_SECRET in production and turns the demo seed off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) });
    expect(c.seedDemo).toBe(false);
    expect(c.production).toBe(true);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and a password of 10 characters', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.org' })).toThrow(/ADMIN_EMAIL, ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'long enough pw' }).admin).toEqual({ email: 'a@b.org', password: 'long enough pw' });
  });

  it('derives PUBLIC_URL from PORT unless given', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://lms.example.org/' }).publicUrl).toBe('https://lms.example.org');
  });
});
