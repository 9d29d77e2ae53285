import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { REDIS } from '../../src/redis/redis.module';
import { APP_CONFIG, loadConfig, type AppConfig } from '../../src/config/config';
import { createApp } from '../../src/bootstrap';
import { AuthService } from '../../src/auth/auth.service';
import { UsersService } from '../../src/auth/users.service';
import { Role } from '../../src/auth/role.enum';
import { User } from '../../src/auth/user.entity';
import { Language } from '../../src/catalogue/catalogue.enums';
import type { LogCapture } from './log-capture';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  body: any;
}

/** A running platform on its own fresh database (dropped at close) and its own Redis key prefix. */
export class TestApp {
  private counter = 0;

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly config: AppConfig,
    readonly dbName: string,
    /** False for a second process on another app's database: closing it leaves the database and the queues. */
    private readonly owner = true,
  ) {}

  /**
   * Starts the platform on a fresh database. It runs the API only unless `env.PROCESS_ROLE` says otherwise (the
   * suites about queues and e-mail start workers); e-mail, if any, goes to a temporary directory. The Redis prefix
   * is the database's name unless `env.REDIS_PREFIX` says otherwise ('' leaves it to the deployment's identity).
   * `config` is the app's own, completed with the deployment's identity (its JWT secret, prefix and id). With
   * `logTo`, the JSON log lines of every process in this test file go there from now on (Nest's logger is global).
   * `port` listens there instead of on a random port (for a PUBLIC_URL that must be the app's real address).
   */
  static async start(
    env: Record<string, string> = {},
    opts: { sameDatabaseAs?: TestApp; logTo?: LogCapture; port?: number } = {},
  ): Promise<TestApp> {
    const dbName = opts.sameDatabaseAs?.dbName ?? `lms_test_${randomBytes(5).toString('hex')}`;
    const fromEnv = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      PORT: '0',
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${dbName}`,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: dbName,
      ADMIN_EMAIL: 'admin@test.example.org',
      ADMIN_PASSWORD: 'admin-password-123',
      SEED_DEMO: 'true',
      PROCESS_ROLE: 'api',
      MAIL_DIR: join(tmpdir(), `lms-mail-${dbName}`),
      ...env,
    });
    const app = await createApp(fromEnv, { logDestination: opts.logTo });
    const config = app.get<AppConfig>(APP_CONFIG);
    await app.listen(opts.port ?? 0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return new TestApp(app, url, config, dbName, !opts.sameDatabaseAs);
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  async close(): Promise<void> {
    if (!this.owner) return this.app.close();
    const redis = this.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${this.config.redisPrefix}:*`).catch(() => [] as string[]);
    if (keys.length) await redis.del(...keys).catch(() => undefined);
    await this.app.close();
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  /** POSTs a GraphQL operation; returns the HTTP status with the parsed body. */
  async gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, data: body?.data, errors: body?.errors, body };
  }

  /** A new account with these roles (made through the service, so fast), and a token for it. */
  async user(
    roles: Role[],
    extra: {
      partyCode?: string;
      gender?: string;
      regionalCentreId?: string;
      language?: Language;
      timeZone?: string;
      fullName?: string;
    } = {},
  ): Promise<{ user: User; token: string }> {
    const n = ++this.counter;
    const needsParty = roles.includes(Role.DELEGATE) || roles.includes(Role.FOCAL_POINT);
    const user = await this.app.get(UsersService).create({
      email: `user${n}.${roles.join('-').toLowerCase()}@test.example.org`,
      password: 'correct horse battery',
      fullName: extra.fullName ?? `Test ${roles.join('/')} ${n}`,
      roles,
      partyCode: extra.partyCode ?? (needsParty ? 'SEN' : null),
      regionalCentreId: extra.regionalCentreId ?? null,
      gender: extra.gender ?? null,
      language: extra.language ?? Language.EN,
      timeZone: extra.timeZone ?? 'Africa/Dakar',
    });
    return { user, token: await this.app.get(AuthService).issueToken(user) };
  }

  async adminToken(): Promise<string> {
    const res = await this.gql(
      `mutation { login(email: "admin@test.example.org", password: "admin-password-123") { accessToken } }`,
    );
    return res.data.login.accessToken;
  }
}

/** The data of a GraphQL answer's field, or a failure that shows the answer's errors. */
export function must(r: GqlResult, field: string): any {
  if (!r.data?.[field]) throw new Error(`${field} failed: ${JSON.stringify(r.errors ?? r.body)}`);
  return r.data[field];
}

/** The first error's code, for short assertions. */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
