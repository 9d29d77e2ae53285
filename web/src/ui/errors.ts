import type { CombinedError } from 'urql';

/**
 * The key of the sentence explaining an API error to a person, in the `errors` catalogue: the rule a CONFLICT names
 * (extensions.reason) first, then the code. Never the code itself on screen.
 */
export function errorKey(error: CombinedError | null | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'errors:NETWORK';
  const first = error.graphQLErrors[0];
  const ext = (first?.extensions ?? {}) as { code?: string; reason?: string; field?: string };
  if (ext.reason) return `errors:reason.${ext.reason}`;
  if (ext.code) return `errors:code.${ext.code}`;
  return 'errors:code.INTERNAL_SERVER_ERROR';
}

/** The field an input error names (extensions.field), to put the message beside it. */
export function errorField(error: CombinedError | null | undefined): string | null {
  const ext = error?.graphQLErrors[0]?.extensions as { field?: unknown } | undefined;
  return typeof ext?.field === 'string' ? ext.field : null;
}
