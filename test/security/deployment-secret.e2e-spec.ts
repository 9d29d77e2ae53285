import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DomainError } from '@lib/common';
import { AuthService } from '../../src/auth/auth.service';
import { UsersService } from '../../src/auth/users.service';
import type { User } from '../../src/auth/user.entity';
import { dataSourceOptions } from '../../src/database/database-options';
import { ensureDatabase, prepareDatabase } from '../../src/database/prepare-database';
import { deploymentIdentity } from '../../src/deployment/deployment';
import { codeOf, TestApp } from '../support/test-app';

/**
 * Issue #13, point 1: no secret lives in the source. Without JWT_SECRET the platform signs with a random 256-bit
 * secret made at the database's first start and kept there, shared by every process of the deployment and kept
 * across restarts; JWT_SECRET still wins when set.
 */

/** Jest runs from the repository's root (npm test, .ci/run). */
const ROOT = process.cwd();
/** The secret every default start signed with before this change (it lived in src/config/config.ts). */
const OLD_DEV_SECRET = 'development-only-jwt-secret-change-me-0123456789';

/** Every quoted string ('…', "…", `…` without interpolation) in the repository's own text files. */
function repositoryLiterals(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name === 'var' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|json|md|ya?ml|sql|csv|txt)$/.test(name)) files.push(path);
    }
  };
  for (const dir of ['src', 'libs', 'test', 'bench', 'migrations']) walk(join(ROOT, dir));
  files.push(...['README.md', 'docker-compose.yml', 'Dockerfile', 'package.json'].map((f) => join(ROOT, f)));
  const literals = new Set<string>();
  const quoted = /'((?:[^'\\\n]|\\.){1,300})'|"((?:[^"\\\n]|\\.){1,300})"|`((?:[^`\\$]|\\.|\$(?!\{)){1,300})`/g;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(quoted)) {
      const literal = m[1] ?? m[2] ?? m[3];
      literals.add(literal);
      // The same text as the program would see it, escapes resolved ('\n', "\"").
      literals.add(literal.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c));
    }
  }
  literals.add(OLD_DEV_SECRET);
  return [...literals];
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 token for `user`, as AuthService issues them, signed with `key`. */
function tokenSignedWith(key: string, user: User): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: user.id, ver: user.tokenVersion, iat: now, exp: now + 3600 })}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

describe('the deployment identity: no JWT secret in the source', () => {
  let t: TestApp;
  let admin: User;
  let literals: string[];

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
    admin = (await t.app.get(UsersService).findByEmail('admin@test.example.org'))!;
    literals = repositoryLiterals();
  });
  afterAll(() => t.close());

  it('signs with a random 256-bit secret kept in the database, not found anywhere in the repository', async () => {
    const [row] = await t.db.query('SELECT deployment_id, jwt_secret FROM deployment');
    expect(row.jwt_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(row.jwt_secret, 'base64url')).toHaveLength(32);
    expect(t.config.jwtSecret).toBe(row.jwt_secret);
    expect(t.config.deploymentId).toBe(row.deployment_id);
    expect(literals).not.toContain(row.jwt_secret);
    // The control: a token built by hand with the deployment's secret is accepted, so the refusals below are real.
    expect((await t.app.get(AuthService).userForToken(tokenSignedWith(row.jwt_secret, admin))).id).toBe(admin.id);
    expect((await t.gql('{ me { email } }', {}, tokenSignedWith(row.jwt_secret, admin))).data.me.email).toBe(
      admin.email,
    );
  });

  it('refuses the Secretariat token signed with any string that appears in the repository', async () => {
    expect(literals.length).toBeGreaterThan(5000);
    const auth = t.app.get(AuthService);
    const accepted: string[] = [];
    for (const key of literals) {
      try {
        await auth.userForToken(tokenSignedWith(key, admin));
        accepted.push(key);
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'UNAUTHENTICATED') throw err;
      }
    }
    expect(accepted).toEqual([]);

    // Over HTTP too, for the old development secret and a spread of the others.
    const step = Math.floor(literals.length / 30);
    const sample = [OLD_DEV_SECRET, ...literals.filter((_, i) => i % step === 0)];
    for (const key of sample) {
      const r = await t.gql('{ users(first: 5) { totalCount } }', {}, tokenSignedWith(key, admin));
      expect({ key, status: r.status, code: codeOf(r), data: r.data ?? null }).toEqual({
        key,
        status: 401,
        code: 'UNAUTHENTICATED',
        data: null,
      });
    }
  });

  it('has two API processes on one database accept each other’s tokens, and a restart keep them valid', async () => {
    const second = await TestApp.start({ SEED_DEMO: 'false' }, { sameDatabaseAs: t });
    let third: TestApp | null = null;
    try {
      expect(second.config.jwtSecret).toBe(t.config.jwtSecret);
      expect(second.config.deploymentId).toBe(t.config.deploymentId);
      const fromFirst = await t.adminToken();
      const fromSecond = await second.adminToken();
      for (const [app, token] of [
        [second, fromFirst],
        [t, fromSecond],
      ] as const) {
        const r = await app.gql('{ me { email roles } }', {}, token);
        expect(r.errors).toBeUndefined();
        expect(r.data.me).toEqual({ email: 'admin@test.example.org', roles: ['SECRETARIAT'] });
      }
      // A restart: the second process stops, a new one starts on the same database and knows the second's token.
      await second.close();
      third = await TestApp.start({ SEED_DEMO: 'false' }, { sameDatabaseAs: t });
      const r = await third.gql('{ me { email } }', {}, fromSecond);
      expect(r.errors).toBeUndefined();
      expect(r.data.me.email).toBe('admin@test.example.org');
    } finally {
      await second.close().catch(() => undefined);
      await third?.close();
    }
  });

  it('makes one identity when processes race on a new database', async () => {
    const url = t.config.databaseUrl.replace(/\/[^/]+$/, `/lms_test_race_${randomBytes(4).toString('hex')}`);
    await ensureDatabase(url);
    try {
      await prepareDatabase(url);
      const identities = await Promise.all(Array.from({ length: 8 }, () => deploymentIdentity(url)));
      expect(new Set(identities.map((i) => i.id)).size).toBe(1);
      expect(new Set(identities.map((i) => i.jwtSecret)).size).toBe(1);
      const ds = await new DataSource({ ...dataSourceOptions(url), logging: false }).initialize();
      try {
        expect(await ds.query('SELECT count(*)::int AS n FROM deployment')).toEqual([{ n: 1 }]);
        // One row, ever: the check and the key refuse a second one.
        await expect(
          ds.query(
            `INSERT INTO deployment (singleton, deployment_id, jwt_secret) VALUES (false, gen_random_uuid(), 'x')`,
          ),
        ).rejects.toThrow(/CHK_deployment_singleton/);
      } finally {
        await ds.destroy();
      }
    } finally {
      const admin = new DataSource({ type: 'postgres', url: url.replace(/\/[^/]+$/, '/postgres') });
      await admin.initialize();
      await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
      await admin.destroy();
    }
  });

  it('signs with JWT_SECRET when it is set, also with NODE_ENV=production, and then refuses the database’s secret', async () => {
    const envSecret = randomBytes(30).toString('base64url');
    const withEnv = await TestApp.start(
      { SEED_DEMO: 'false', NODE_ENV: 'production', JWT_SECRET: envSecret },
      { sameDatabaseAs: t },
    );
    try {
      expect(withEnv.config.jwtSecret).toBe(envSecret);
      const token = await withEnv.adminToken();
      const [head, claims, signature] = token.split('.');
      expect(signature).toBe(createHmac('sha256', envSecret).update(`${head}.${claims}`).digest('base64url'));
      expect((await withEnv.gql('{ me { email } }', {}, token)).data.me.email).toBe('admin@test.example.org');
      const dbSigned = await withEnv.gql('{ me { email } }', {}, tokenSignedWith(t.config.jwtSecret, admin));
      expect(codeOf(dbSigned)).toBe('UNAUTHENTICATED');
      // …and the default process on the same database refuses the JWT_SECRET token: they are two signers.
      expect(codeOf(await t.gql('{ me { email } }', {}, token))).toBe('UNAUTHENTICATED');
    } finally {
      await withEnv.close();
    }
  });

  it('starts in production without JWT_SECRET and signs with the database’s secret', async () => {
    const production = await TestApp.start({ SEED_DEMO: 'false', NODE_ENV: 'production' }, { sameDatabaseAs: t });
    try {
      expect(production.config.production).toBe(true);
      expect(production.config.jwtSecret).toBe(t.config.jwtSecret);
      expect((await production.gql('{ me { email } }', {}, await t.adminToken())).data.me.email).toBe(
        'admin@test.example.org',
      );
    } finally {
      await production.close();
    }
  });
});
