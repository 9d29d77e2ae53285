/** Opaque cursors for keyset pagination: a base64url JSON array of the sort key of the last row seen. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * What each part of a cursor's sort key is: an instant of a timestamptz column, or a row id. An instant decodes to
 * its canonical ISO-8601 UTC text, to the microsecond as PostgreSQL keeps it (a JavaScript Date would drop those).
 */
export type CursorPart = 'time' | 'uuid';
export type CursorKey<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: string };

const MAX_CURSOR_LENGTH = 512;

/**
 * An instant as the lists write one: a four-digit year, UTC, milliseconds or microseconds. Years 0001–9999 are inside
 * what both JavaScript and PostgreSQL's timestamptz represent (4713 BC–294276 AD; PostgreSQL reads no year 0000), so a
 * decoded instant can always be bound to a query; a six-digit year such as -010000 (10001 BC) parses in JavaScript
 * and fails in PostgreSQL.
 */
const ISO_INSTANT = /^((?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else cannot name a row and is answered like an unknown id. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

function decodePart(part: CursorPart, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (part === 'uuid') return isUuid(value) ? value : null;
  const match = ISO_INSTANT.exec(value);
  if (!match) return null;
  // Round trip to the millisecond: 2027-02-30 or 24:00 would otherwise be read as another day.
  const at = new Date(`${match[1]}Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString() === `${match[1]}Z` ? value : null;
}

/**
 * The position a cursor stands for, typed by `shape`; null for anything that is not a cursor `encodeCursor` made for a
 * list with this sort key: not base64url of a JSON array, another number of parts, a part of the wrong kind, an
 * impossible or out-of-range date, an id that is not a UUID, or a cursor re-encoded another way (padding, spaces).
 * The one place cursors are read, so no list binds a value from a cursor to its query unchecked.
 */
export function decodeCursor<const S extends readonly CursorPart[]>(cursor: unknown, shape: S): CursorKey<S> | null {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== shape.length) return null;
  if (encodeCursor(value as (string | number)[]) !== cursor) return null;
  const key = shape.map((part, i) => decodePart(part, value[i]));
  return key.every((v) => v !== null) ? (key as CursorKey<S>) : null;
}
