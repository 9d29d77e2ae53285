/**
 * Errors the domain raises on purpose. They carry one of the public error codes of API.md; the GraphQL layer turns
 * them into `extensions.code` (and `extensions.reason` / `extensions.field`), the HTTP layer into a status.
 */
export type DomainErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'GONE';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The HTTP status that goes with each public code, and back (statuses without a code of their own are input errors). */
export const HTTP_STATUS_OF_CODE: Record<DomainErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
};

export function codeOfHttpStatus(status: number): DomainErrorCode | 'INTERNAL_SERVER_ERROR' {
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  const found = (Object.keys(HTTP_STATUS_OF_CODE) as DomainErrorCode[]).find((c) => HTTP_STATUS_OF_CODE[c] === status);
  return found ?? 'BAD_USER_INPUT';
}

export const badInput = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('BAD_USER_INPUT', message, { field, ...details });

export const notFound = (what: string, id?: string) =>
  new DomainError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`);

export const conflict = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('CONFLICT', message, { reason, ...details });

/**
 * A public document that existed and was withdrawn (a revoked certificate's PDF): HTTP only, GraphQL answers with
 * the object's state instead.
 */
export const gone = (message: string) => new DomainError('GONE', message);

export const forbidden = (message = 'You may not do this') => new DomainError('FORBIDDEN', message);

export const unauthenticated = (message = 'Authentication required', details: Record<string, unknown> = {}) =>
  new DomainError('UNAUTHENTICATED', message, details);
