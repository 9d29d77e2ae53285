import { Duration } from 'luxon';

/**
 * The canonical IANA name of a time zone (`europe/paris` → `Europe/Paris`), or null when the runtime's tz database
 * does not know it. Offsets like `+02:00` are refused: sessions need a zone with its daylight-saving rules.
 */
export function canonicalTimeZone(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || /^[+-]/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Parses an ISO-8601 duration (`P7D`, `PT1H`) into milliseconds; throws on anything else or a non-positive value. */
export function isoDurationToMs(text: string): number {
  const d = Duration.fromISO(text.trim());
  if (!d.isValid) throw new Error(`not an ISO-8601 duration: ${text}`);
  const ms = d.as('milliseconds');
  if (!(ms > 0)) throw new Error(`duration must be positive: ${text}`);
  return ms;
}

/** The promise's outcome, or a rejection naming `what` once `ms` have passed (the promise itself runs on). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]);
}
