/**
 * Where the routes that Nest does not serve itself are mounted: the security headers choose their policy by path,
 * and the composition (bootstrap) mounts them there.
 */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The API's own routes. Every other path belongs to the web application (its files, or its page for any address the
 * browser asks for: the app routes in the browser).
 */
export const API_PATH_PREFIXES = [
  '/graphql',
  '/health',
  '/metrics',
  '/certificates/',
  '/verify/',
  '/calendar/',
  '/reports/',
  '/account/',
  '/admin/',
  '/uploads/',
  '/files/',
  '/attendance-reports/',
] as const;

export function isApiPath(path: string): boolean {
  return API_PATH_PREFIXES.some((prefix) =>
    prefix.endsWith('/')
      ? path.startsWith(prefix) || path === prefix.slice(0, -1)
      : path === prefix || path.startsWith(`${prefix}/`),
  );
}
