/** Opaque cursors for keyset pagination: a base64url JSON array of the sort key of the last row seen. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Returns null for anything that is not a cursor this module made with the expected number of parts. */
export function decodeCursor(cursor: string, parts: number): (string | number)[] | null {
  if (cursor.length > 512) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== parts) return null;
    if (!value.every((v) => typeof v === 'string' || typeof v === 'number')) return null;
    return value as (string | number)[];
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else cannot name a row and is answered like an unknown id. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
