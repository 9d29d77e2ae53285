import { createHmac } from 'node:crypto';
import { BENCH_JWT_SECRET } from './server';

const b64url = (v: object | Buffer): string =>
  (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

/**
 * An access token as the platform issues it (HS256, claims `sub` and `ver`), signed with the secret the benchmark
 * servers run with: tens of thousands of delegates get tokens without tens of thousands of argon2 logins.
 */
export function signToken(userId: string, tokenVersion = 0, ttlSeconds = 8 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ sub: userId, ver: tokenVersion, iat: now, exp: now + ttlSeconds });
  const sig = createHmac('sha256', BENCH_JWT_SECRET).update(`${head}.${body}`).digest();
  return `${head}.${body}.${b64url(sig)}`;
}
