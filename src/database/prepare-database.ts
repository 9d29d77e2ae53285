import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Logger } from '@nestjs/common';
import { dataSourceOptions } from './database-options';

const log = new Logger('Database');
/** Any fixed number: every process of the platform takes this advisory lock while it migrates or seeds. */
export const SCHEMA_LOCK_KEY = 724_015_001;

/** Creates the database named in the URL when it is missing (several processes may race to do it). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        log.log(`created database ${name}`);
      } catch (err) {
        // 42P04 duplicate_database, 23505: another process created it first.
        if (!['42P04', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
      }
    }
  } finally {
    await client.end();
  }
}

/** Creates the database if needed and runs pending migrations, one process at a time. */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
      // The migrations' uuid_generate_v4(). TypeORM installs it on connecting only when it is handed entities with
      // uuid columns, and this ground connection is handed none.
      await runner.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
      const done = await ds.runMigrations({ transaction: 'each' });
      if (done.length) log.log(`applied ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}`);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await ds.destroy();
  }
}
