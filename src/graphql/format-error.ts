import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, Logger } from '@nestjs/common';
import { codeOfHttpStatus, DomainError } from '@lib/common';

const log = new Logger('GraphQL');

/** Apollo's own codes for a request that is malformed, invalid against the schema or has bad variables. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
const PASS_THROUGH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);
/**
 * graphql-js stops coercing variables after 50 errors and adds one of its own, without a code (Apollo then gives it
 * INTERNAL_SERVER_ERROR): it is about the client's variables like the 50 before it.
 */
const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables, error limit reached/;
/**
 * The one place where errors become what clients see: the codes of API.md, the rule (`reason`) or the field, and
 * for anything unexpected a masked INTERNAL_SERVER_ERROR (the original goes to the log, never to the client).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof HttpException && original.getStatus() < 500) {
    return { ...base, message: original.message, extensions: { code: codeOfHttpStatus(original.getStatus()) } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    // graphql-armor words its limits (depth, cost, aliases, directives) as "Syntax Error: …" although the document
    // parsed: a client should read "Query depth limit of 15 exceeded, found 22." A real parse error keeps the prefix.
    const message =
      code === 'GRAPHQL_VALIDATION_FAILED'
        ? formatted.message.replace(/^Syntax Error: (?=.*\blimit of \d+ exceeded)/, '')
        : formatted.message;
    return { ...base, message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
    const { stacktrace: _dropped, ...rest } = formatted.extensions ?? {};
    return { ...base, extensions: { ...rest, code } };
  }
  if (!formatted.path && VARIABLE_ERROR_LIMIT.test(formatted.message)) {
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  log.error({
    msg: 'unexpected error in GraphQL operation',
    path: formatted.path,
    err: original instanceof Error ? original : undefined,
  });
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
