import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const PG_ROOT = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';

export const databaseUrl = (name: string): string => `${PG_ROOT}/${name}`;

/** A fresh, empty database for one benchmark; the server creates the schema and runs the migrations at start. */
export async function freshDatabaseName(prefix: string): Promise<string> {
  const name = `lms_bench_${prefix}_${randomBytes(3).toString('hex')}`;
  await dropDatabase(name);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: `${PG_ROOT}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A pg client on a benchmark's database (caller ends it). */
export async function connect(name: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl(name) });
  await client.connect();
  return client;
}

/** The id of the deployment a server made on this database at its first start (every job it runs carries it). */
export async function deploymentIdOf(name: string): Promise<string> {
  const db = await connect(name);
  try {
    const { rows } = await db.query<{ deployment_id: string }>('SELECT deployment_id FROM deployment');
    return rows[0].deployment_id;
  } finally {
    await db.end();
  }
}
