import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isoDurationToMs } from '@lib/common';

/**
 * The only reader of process.env. Every variable is optional in development; `loadConfig` validates them all at
 * start and throws a ConfigError naming each bad variable.
 */
const isoDuration = z.string().refine((v) => {
  try {
    isoDurationToMs(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a positive ISO-8601 duration such as P7D or PT1H');

const durationList = z.string().refine(
  (v) =>
    v.split(',').every((part) => {
      try {
        isoDurationToMs(part);
        return true;
      } catch {
        return false;
      }
    }),
  'must be a comma-separated list of ISO-8601 durations such as P7D,P1D,PT1H',
);

/** Three non-negative weights (gain, certification rate, application rate) that do not all vanish. */
const weights = z
  .string()
  .transform((v) => v.split(',').map((part) => Number(part.trim())))
  .refine(
    (w) => w.length === 3 && w.every((x) => Number.isFinite(x) && x >= 0) && w.some((x) => x > 0),
    'must be three non-negative numbers, not all 0, such as 0.5,0.3,0.2',
  );

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'must be a postgres:// URL');
const redisUrl = z.string().refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), 'must be a redis:// URL');

/** argon2's parallelism in src/auth/password.ts (the library's default): the threads one hash runs on. */
const ARGON2_LANES = 4;

/** A validated ISO-8601 duration in whole seconds (rate-limiter windows). */
const seconds = (duration: string) => Math.round(isoDurationToMs(duration) / 1000);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_KEEP_ALIVE_TIMEOUT: isoDuration.default('PT65S'),
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/lms'),
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'letters, digits and _ : . - only')
    .optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v) && URL.canParse(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_DIR: z.string().min(1).default('var/mail'),
  MAIL_FROM: z.string().min(3).default('Stockholm Convention Capacity Building <no-reply@localhost>'),
  PUBLIC_URL: z
    .string()
    .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http(s) URL')
    .optional(),
  PROCESS_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must have at least 10 characters').optional(),
  JWT_SECRET: z.string().min(32, 'must have at least 32 characters').optional(),
  JWT_TTL: isoDuration.default('PT8H'),
  REMINDER_OFFSETS: durationList.default('P7D,P1D,PT1H'),
  ASSESSMENT_DUE: isoDuration.default('P14D'),
  ASSESSMENT_REMINDER_BEFORE: isoDuration.default('P3D'),
  FOLLOW_UP_AFTER: isoDuration.default('P90D'),
  CAPACITY_INDEX_WEIGHTS: weights.default([0.5, 0.3, 0.2]),
  SEED_DEMO: bool.optional(),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  MAIL_RETRY_BACKOFF: isoDuration.default('PT30S'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  JOB_LOCK_DURATION: isoDuration.default('PT30S'),
  OUTBOX_POLL_INTERVAL: isoDuration.default('PT0.2S'),
  SESSION_SWEEP_INTERVAL: isoDuration.default('PT1M'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_CONSECUTIVE_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_CONSECUTIVE_FAILURES_WINDOW: isoDuration.default('PT15M'),
  LOGIN_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(100),
  LOGIN_FAILURES_PER_CLIENT_WINDOW: isoDuration.default('PT1H'),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
  LOGIN_FAILURES_PER_ACCOUNT_WINDOW: isoDuration.default('P1D'),
  REGISTRATIONS_PER_CLIENT: z.coerce.number().int().min(1).default(10),
  REGISTRATIONS_PER_CLIENT_WINDOW: isoDuration.default('PT1H'),
  ACCOUNT_MAILS_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  ACCOUNT_MAILS_PER_ADDRESS_WINDOW: isoDuration.default('PT1H'),
  EMAIL_VERIFICATION_TTL: isoDuration.default('P2D'),
  PASSWORD_RESET_TTL: isoDuration.default('PT1H'),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(50),
  /** Node's own: the libuv threads that run argon2, file and DNS work (read here only to size the hashing). */
  UV_THREADPOOL_SIZE: z.coerce.number().int().min(1).max(1024).default(4),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(5000),
  /** Bearer token of GET /metrics; unset: no /metrics route. */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16 to 256 printable characters without spaces')
    .optional(),
  METRICS_OPERATION_NAMES: z.coerce.number().int().min(0).max(1000).default(50),
  /** Where the filesystem storage driver keeps uploaded files (materials). */
  STORAGE_DIR: z.string().min(1).default('var/files'),
  /** The largest material file accepted, in bytes (500 MB). */
  MATERIAL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1e12)
    .default(500 * 1024 * 1024),
  /** Share of a session's scheduled time a participant must be present to count as attended (report import). */
  ATTENDANCE_MIN_SHARE: z.coerce.number().gt(0).max(1).default(0.75),
  /** The largest participant report accepted for an attendance import, in bytes (10 MB). */
  ATTENDANCE_REPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1e9)
    .default(10 * 1024 * 1024),
});

/** The configuration as the environment gives it, before the database has said which deployment this is. */
export type EnvConfig = ReturnType<typeof toConfig>;

/**
 * The configuration every part of a running process reads: the environment's, completed by the deployment's
 * identity kept in the database (src/deployment), so the JWT secret and the Redis prefix are always there.
 */
export type AppConfig = Omit<EnvConfig, 'jwtSecret' | 'redisPrefix'> & {
  /** JWT_SECRET, else the random secret made at the database's first start. */
  jwtSecret: string;
  /** REDIS_PREFIX, else one derived from the deployment id: two deployments on one Redis never share it. */
  redisPrefix: string;
  /** The id made at the database's first start; every job carries it and a worker runs only its own. */
  deploymentId: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Below Node's 5-minute requestTimeout, which the header timeout (a second more than this) must not pass. */
const MAX_KEEP_ALIVE_MS = 240_000;

export function loadConfig(env: Record<string, string | undefined> = process.env): EnvConfig {
  // Empty strings count as unset, as they do in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const keepAliveMs = isoDurationToMs(e.HTTP_KEEP_ALIVE_TIMEOUT);
  if (keepAliveMs < 1000 || keepAliveMs > MAX_KEEP_ALIVE_MS) {
    problems.push('HTTP_KEEP_ALIVE_TIMEOUT: must be between PT1S and PT4M');
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL, ADMIN_PASSWORD: set both or neither');
  }
  if (problems.length) throw new ConfigError(problems);
  return toConfig(e);
}

function toConfig(e: z.infer<typeof schema>) {
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    production,
    port: e.PORT,
    http: {
      /**
       * How long an idle keep-alive connection stays open: above the usual 60 s idle timeout of proxies and load
       * balancers, so the server never closes a connection the proxy is about to reuse (Node's 5 s default did: 502s).
       */
      keepAliveTimeoutMs: isoDurationToMs(e.HTTP_KEEP_ALIVE_TIMEOUT),
      /** A little more than the keep-alive timeout, as Node wants, so a request arriving at the edge is not cut. */
      headersTimeoutMs: isoDurationToMs(e.HTTP_KEEP_ALIVE_TIMEOUT) + 1000,
    },
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    /** REDIS_PREFIX if set; null: derived from the deployment's identity once the database is read. */
    redisPrefix: e.REDIS_PREFIX ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailDir: e.MAIL_DIR,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    processRole: e.PROCESS_ROLE,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
    /** JWT_SECRET if set; null: the secret kept in the database (no secret lives in the source). */
    jwtSecret: e.JWT_SECRET ?? null,
    jwtTtlSeconds: Math.round(isoDurationToMs(e.JWT_TTL) / 1000),
    reminderOffsetsMs: e.REMINDER_OFFSETS.split(',').map(isoDurationToMs),
    assessmentDueMs: isoDurationToMs(e.ASSESSMENT_DUE),
    assessmentReminderBeforeMs: isoDurationToMs(e.ASSESSMENT_REMINDER_BEFORE),
    followUpAfterMs: isoDurationToMs(e.FOLLOW_UP_AFTER),
    /** Weights of the capacity index's parts: normalised gain, certification rate, application rate. */
    capacityIndexWeights: {
      gain: e.CAPACITY_INDEX_WEIGHTS[0],
      certification: e.CAPACITY_INDEX_WEIGHTS[1],
      application: e.CAPACITY_INDEX_WEIGHTS[2],
    },
    seedDemo: e.SEED_DEMO ?? !production,
    /** Runs the GraphQL API (api, all). */
    runsApi: e.PROCESS_ROLE !== 'worker',
    /** Runs the queue workers and the outbox relay (worker, all). */
    runsWorkers: e.PROCESS_ROLE !== 'api',
    jobs: {
      mailAttempts: e.MAIL_MAX_ATTEMPTS,
      mailBackoffMs: isoDurationToMs(e.MAIL_RETRY_BACKOFF),
      concurrency: e.WORKER_CONCURRENCY,
      lockDurationMs: isoDurationToMs(e.JOB_LOCK_DURATION),
      outboxPollMs: isoDurationToMs(e.OUTBOX_POLL_INTERVAL),
      /** How often the workers expire the waitlisted and pending enrolments of sessions that have started. */
      sessionSweepMs: isoDurationToMs(e.SESSION_SWEEP_INTERVAL),
    },
    logLevel: e.LOG_LEVEL,
    /** Failed sign-ins only: a correct one costs nothing, whoever shares the client's address. */
    login: {
      /** Per account and client address together; a success from that address starts them again. */
      consecutiveFailures: {
        points: e.LOGIN_CONSECUTIVE_FAILURES,
        seconds: seconds(e.LOGIN_CONSECUTIVE_FAILURES_WINDOW),
      },
      /** Per client address, whatever the accounts (one address trying many). */
      failuresPerClient: { points: e.LOGIN_FAILURES_PER_CLIENT, seconds: seconds(e.LOGIN_FAILURES_PER_CLIENT_WINDOW) },
      /** Per account, from every address (many addresses trying one); not for an address the owner signed in from. */
      failuresPerAccount: {
        points: e.LOGIN_FAILURES_PER_ACCOUNT,
        seconds: seconds(e.LOGIN_FAILURES_PER_ACCOUNT_WINDOW),
      },
    },
    registration: {
      /** `register`, `resendVerification` and `requestPasswordReset` calls per client address. */
      perClient: { points: e.REGISTRATIONS_PER_CLIENT, seconds: seconds(e.REGISTRATIONS_PER_CLIENT_WINDOW) },
      /**
       * Account e-mails (confirmation and reset links, "someone tried to register") to one address: no mail-bombing
       * through us.
       */
      mailsPerAddress: { points: e.ACCOUNT_MAILS_PER_ADDRESS, seconds: seconds(e.ACCOUNT_MAILS_PER_ADDRESS_WINDOW) },
      /** How long the link of a confirmation e-mail works. */
      verificationTtlMs: isoDurationToMs(e.EMAIL_VERIFICATION_TTL),
      /** How long the link of a password reset e-mail works. */
      passwordResetTtlMs: isoDurationToMs(e.PASSWORD_RESET_TTL),
    },
    passwordHashing: {
      /**
       * argon2 hashes (or verifications) at once in this process. Each holds 64 MiB and a libuv thread, and computes
       * its 4 lanes on 4 threads of its own: one hash per 4 cores already keeps every core busy, and more only crowd
       * out the event loop (20 unbounded hashes made an unrelated request wait 4 s). One libuv thread stays free for
       * file and DNS work.
       */
      concurrency:
        e.PASSWORD_HASH_CONCURRENCY ??
        Math.max(1, Math.min(Math.floor(availableParallelism() / ARGON2_LANES), e.UV_THREADPOOL_SIZE - 1)),
      /** Requests waiting for a slot; one more is refused (RATE_LIMITED) rather than left to wait for long. */
      maxWaiting: e.PASSWORD_HASH_QUEUE,
    },
    graphql: { maxDepth: e.GRAPHQL_MAX_DEPTH, maxCost: e.GRAPHQL_MAX_COST },
    /** Uploaded files: the filesystem driver's directory and the materials' size limit. */
    storage: { dir: e.STORAGE_DIR, materialMaxBytes: e.MATERIAL_MAX_BYTES },
    /** Attendance taken from a webinar tool's participant report. */
    attendanceImport: { minShare: e.ATTENDANCE_MIN_SHARE, maxReportBytes: e.ATTENDANCE_REPORT_MAX_BYTES },
    metrics: {
      /** METRICS_TOKEN; null: /metrics is not served. */
      token: e.METRICS_TOKEN ?? null,
      /** Operation names admitted as labels besides the schema's root fields; the rest are `other`. */
      operationNames: e.METRICS_OPERATION_NAMES,
    },
  };
}

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
