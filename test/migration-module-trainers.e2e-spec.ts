import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { ModuleTrainers1796173880186 } from '../migrations/1796173880186-ModuleTrainers';
import { dataSourceOptions } from '../src/database/database-options';
import { ENTITIES } from '../src/entities';

/**
 * Issue #13: authoring a module was earned by being a trainer of one of its sessions. The migration that makes it
 * an assignment by the Secretariat carries over only what the Secretariat had given: trainers it named on a session
 * that is not cancelled. A webinar a trainer scheduled for themselves, or a cancelled one, carries nothing over.
 */
const QUIET = { logger: 'simple-console', logging: false } as const;

describe('the ModuleTrainers migration', () => {
  const dbName = `lms_test_${randomBytes(5).toString('hex')}`;
  const url = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  const admin = () => new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
  });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  });

  it("assigns the trainers the Secretariat named on live sessions to those sessions' modules, and nobody else", async () => {
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ModuleTrainers1796173880186));
    const old = new DataSource({ ...dataSourceOptions(url, ENTITIES), migrations: before, ...QUIET });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const [nip, rep, secretariat, trainer, selfStarter, delegate] = [1, 2, 10, 11, 12, 13].map(id);
    await old.query(
      `INSERT INTO thematic_module (id, code, title, summary) VALUES ($1, 'NIP', 'n', 's'), ($2, 'REP', 'r', 's')`,
      [nip, rep],
    );
    await old.query(
      `INSERT INTO app_user (id, email, password_hash, full_name, roles) VALUES
         ($1, 'sec@x.org', 'h', 'Sec', '{SECRETARIAT}'), ($2, 't1@x.org', 'h', 'T1', '{TRAINER}'),
         ($3, 't2@x.org', 'h', 'T2', '{TRAINER}'), ($4, 'd@x.org', 'h', 'D', '{DELEGATE}')`,
      [secretariat, trainer, selfStarter, delegate],
    );
    // [session, status, created by, module, trainers]
    const sessions: [number, string, string | null, string, string[]][] = [
      [20, 'SCHEDULED', secretariat, nip, [trainer]], // named by the Secretariat: carried over
      [21, 'COMPLETED', null, rep, [trainer, delegate]], // the demo seed's (no creator): carried over, not the delegate
      [22, 'SCHEDULED', selfStarter, rep, [selfStarter]], // scheduled for themselves: nothing
      [23, 'CANCELLED', secretariat, nip, [selfStarter]], // cancelled: nothing
      [24, 'SCHEDULED', null, nip, [trainer]], // a second session of the same module and trainer: one assignment
    ];
    for (const [n, status, by, module, trainers] of sessions) {
      await old.query(
        `INSERT INTO training_session (id, kind, title, starts_at, ends_at, time_zone, capacity, status, created_by_id, join_url)
         VALUES ($1, 'WEBINAR', 't', now() + interval '1 day', now() + interval '2 days', 'UTC', 10, $2, $3, 'https://x.org')`,
        [id(n), status, by],
      );
      await old.query(`INSERT INTO session_module (session_id, module_id) VALUES ($1, $2)`, [id(n), module]);
      for (const u of trainers)
        await old.query(`INSERT INTO session_trainer (session_id, user_id) VALUES ($1, $2)`, [id(n), u]);
    }
    await old.destroy();

    const current = new DataSource({ ...dataSourceOptions(url, ENTITIES), ...QUIET });
    await current.initialize();
    try {
      await current.runMigrations({ transaction: 'each' }); // as prepare-database runs them
      const rows = await current.query(
        `SELECT m.code, mt.user_id, mt.assigned_by_id FROM module_trainer mt JOIN thematic_module m ON m.id = mt.module_id
          ORDER BY m.code`,
      );
      expect(rows).toEqual([
        { code: 'NIP', user_id: trainer, assigned_by_id: secretariat }, // from the earliest of its sessions
        { code: 'REP', user_id: trainer, assigned_by_id: null },
      ]);
    } finally {
      await current.destroy();
    }
  });
});
