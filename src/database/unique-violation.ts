import { QueryFailedError } from 'typeorm';

/**
 * True when PostgreSQL refused a row for a unique index (23505), optionally the one named: how a service learns
 * that a concurrent request won a race the index decides.
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = err.driverError as { code?: string; constraint?: string } | undefined;
  return driver?.code === '23505' && (constraint === undefined || driver.constraint === constraint);
}
