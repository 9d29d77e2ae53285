import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badInput } from '@lib/common';

/** GqlParamtype.ARGS of @nestjs/graphql (not exported): the pipe looks at GraphQL arguments, not at root, context or info. */
const GRAPHQL_ARGS = 3;
const CHECKED = new Set<unknown>(['body', 'query', 'param', GRAPHQL_ARGS]);

/** A UTF-16 surrogate not paired with its other half (in `u` mode a proper pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Text no field can keep, refused before validation as BAD_USER_INPUT naming the field:
 * - NUL (U+0000): PostgreSQL text cannot hold it; it came back from the database as an encoding error, a 500
 *   (a login e-mail, a cancellation reason, a donor, a module code…).
 * - A lone surrogate: not Unicode at all; class-validator's IsEmail crashed on it (URIError from encodeURI), a 500,
 *   and elsewhere the driver silently stored U+FFFD instead.
 */
@Injectable()
export class TextInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!CHECKED.has(metadata.type as unknown)) return value;
    // Fields are named as validation names them: an argument by its name, a field of an input object by its path in it.
    const root = value !== null && typeof value === 'object' && !Array.isArray(value) ? '' : (metadata.data ?? 'input');
    const bad = badText(value, root, 0);
    if (bad) throw badInput(bad.field, `${bad.field} must not contain ${bad.what}`);
    return value;
  }
}

/** The first string (by its path) holding a NUL or a lone surrogate, or null. */
function badText(value: unknown, field: string, depth: number): { field: string; what: string } | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field, what: 'NUL (U+0000) characters' };
    if (LONE_SURROGATE.test(value)) return { field, what: 'unpaired UTF-16 surrogates (not Unicode text)' };
    return null;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 8) return null;
  const child = (key: string | number) => (field ? `${field}.${key}` : String(key));
  // A list of text is named as a whole (trainerIds), a list of objects by item (questions.0.prompt).
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [v !== null && typeof v === 'object' ? child(i) : field, v])
    : Object.entries(value).map(([k, v]) => [child(k), v]);
  for (const [f, v] of entries) {
    const found = badText(v, f, depth + 1);
    if (found) return found;
  }
  return null;
}
