/**
 * Where the routes that Nest does not serve itself are mounted: the security headers choose their policy by path,
 * and the composition (bootstrap) mounts them there.
 */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
