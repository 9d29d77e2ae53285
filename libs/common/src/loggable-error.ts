/**
 * What an error may say in the log. A database error carries the data of the statement that failed: TypeORM's
 * QueryFailedError has the statement's `parameters` (e-mail addresses, names, whole outbox payloads) and PostgreSQL's
 * `detail` repeats values (`Key (email)=(x@y) already exists`, `Failing row contains (…)`), as does the message of a
 * data error (`invalid input syntax for type uuid: "…"`). The log gets the error's SQLSTATE, the names PostgreSQL
 * gives (constraint, table, column), the message with any quoted value masked, and the statement's text with its
 * literals masked: enough to find the fault, nothing of the person.
 */

interface DatabaseErrorFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  schema?: unknown;
  dataType?: unknown;
  query?: unknown;
  driverError?: unknown;
}

/** A PostgreSQL error (pg's DatabaseError) or TypeORM's wrapper of one. */
export function isDatabaseError(err: unknown): err is Error & DatabaseErrorFields {
  if (!(err instanceof Error)) return false;
  const e = err as Error & DatabaseErrorFields;
  return (
    e.name === 'QueryFailedError' ||
    'driverError' in e ||
    (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string')
  );
}

const identifierNames = (e: DatabaseErrorFields): Set<string> =>
  new Set([e.constraint, e.table, e.column, e.schema, e.dataType].filter((v): v is string => typeof v === 'string'));

/**
 * The message with every double-quoted part masked unless it is one of the names the error reports (a constraint,
 * a table, a column). Errors of SQL text (class 42: syntax, undefined column) quote the statement, not data.
 */
function maskedMessage(message: string, e: DatabaseErrorFields): string {
  if (typeof e.code === 'string' && e.code.startsWith('42')) return message;
  const names = identifierNames(e);
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => (names.has(inner) ? whole : '"…"'));
}

/** A statement's text with its string literals masked and its whitespace folded, at most 500 characters. */
export function queryShape(query: string): string {
  return query
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** The message of any error as it may be logged (a database error's masked, others' as they are). */
export function loggableErrorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (!isDatabaseError(err)) return err.message;
  const driver = (err.driverError ?? err) as DatabaseErrorFields;
  return maskedMessage(err.message, { ...driver, code: driver.code ?? err.code });
}

/**
 * An error as one log entry's `err`: pino's usual fields for most errors; for a database error only the fields
 * listed above (never `parameters`, `detail`, `where` or the driver's own copy), its stack's first line masked too.
 */
export function loggableError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  if (!isDatabaseError(err)) {
    // As pino's own serializer: the error's own fields, its cause in turn (a database error may hide there).
    const plain: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
    for (const [key, value] of Object.entries(err)) if (key !== 'cause' && !(key in plain)) plain[key] = value;
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause !== undefined && depth < 5) plain.cause = loggableError(cause, depth + 1);
    return plain;
  }
  const driver = (err.driverError ?? err) as DatabaseErrorFields;
  const message = loggableErrorMessage(err);
  const fields: Record<string, unknown> = { type: err.name, message, code: driver.code ?? err.code };
  for (const key of ['constraint', 'table', 'column', 'schema', 'dataType'] as const) {
    if (typeof driver[key] === 'string') fields[key] = driver[key];
  }
  if (typeof err.query === 'string') fields.query = queryShape(err.query);
  // The stack's first line repeats the message: it is replaced by the masked one; the frames say where it came from.
  if (err.stack) {
    const frames = err.stack.split('\n').filter((line) => /^\s+at /.test(line));
    fields.stack = [`${err.name}: ${message}`, ...frames].join('\n');
  }
  return fields;
}
