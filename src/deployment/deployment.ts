import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { AppConfig, EnvConfig } from '../config/config';

export interface DeploymentIdentity {
  /** A random UUID made at the database's first start. */
  id: string;
  /** A random 256-bit secret made at the same moment (base64url, 43 characters). */
  jwtSecret: string;
}

/**
 * The deployment this database belongs to, made on the first start. Every process tries to insert a fresh identity
 * and then reads the one row: whichever insert came first wins, so API and worker processes racing on an empty
 * database agree. Needs the `deployment` table, so it runs after the migrations.
 */
export async function deploymentIdentity(databaseUrl: string): Promise<DeploymentIdentity> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'pops-lms' });
  await client.connect();
  try {
    await client.query(
      'INSERT INTO deployment (singleton, deployment_id, jwt_secret) VALUES (true, $1, $2) ON CONFLICT DO NOTHING',
      [randomUUID(), randomBytes(32).toString('base64url')],
    );
    const { rows } = await client.query<{ deployment_id: string; jwt_secret: string }>(
      'SELECT deployment_id, jwt_secret FROM deployment WHERE singleton',
    );
    if (rows.length !== 1) throw new Error('the deployment row is missing');
    return { id: rows[0].deployment_id, jwtSecret: rows[0].jwt_secret };
  } finally {
    await client.end();
  }
}

/** The default Redis namespace of a deployment: `lms:` and the first 12 hex digits of its id (48 bits). */
export function redisPrefixOf(deploymentId: string): string {
  return `lms:${deploymentId.replace(/-/g, '').slice(0, 12)}`;
}

/**
 * The environment's configuration completed by the deployment's identity: an explicit JWT_SECRET and REDIS_PREFIX
 * still win; unset, the database's secret signs tokens and the deployment id names the Redis keys.
 */
export function completeConfig(env: EnvConfig, deployment: DeploymentIdentity): AppConfig {
  return {
    ...env,
    jwtSecret: env.jwtSecret ?? deployment.jwtSecret,
    redisPrefix: env.redisPrefix ?? redisPrefixOf(deployment.id),
    deploymentId: deployment.id,
  };
}
