import type { NextFunction, Request, Response } from 'express';
import { codeOfHttpStatus } from '@lib/common';
import { QUEUE_DASHBOARD_PATH } from '../http/routes';
import type { MetricsService } from './metrics.service';

/** Mounted beside Nest's router: labelled by where they are mounted, whatever the path inside. */
const MOUNTS = ['/graphql', QUEUE_DASHBOARD_PATH];

/** A request whose errors the GraphQL plugin counted, one per error of the answer. */
const COUNTED_BY_GRAPHQL = Symbol('countedByGraphql');

export function markCountedByGraphql(req: Request): void {
  (req as Request & { [COUNTED_BY_GRAPHQL]?: true })[COUNTED_BY_GRAPHQL] = true;
}

/**
 * The route a request took, as a pattern (`/certificates/:file`), never the raw URL: a client cannot add labels by
 * asking for new addresses. Requests no route took (unknown paths, refused before routing) are `unmatched`.
 */
function routeOf(req: Request): string {
  const path = req.originalUrl.split('?')[0];
  for (const mount of MOUNTS) if (path === mount || path.startsWith(`${mount}/`)) return mount;
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` : 'unmatched';
}

/**
 * Express middleware, first in the chain (bootstrap): the latency of every HTTP answer by method, route pattern and
 * status, taken when the answer has been handed to the socket, and each refused request's code (API.md's mapping of
 * HTTP statuses) unless the GraphQL plugin has counted its errors itself.
 */
export function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const began = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      metrics.observeHttp(req.method, routeOf(req), res.statusCode, seconds);
      if (res.statusCode >= 400 && !(req as Request & { [COUNTED_BY_GRAPHQL]?: true })[COUNTED_BY_GRAPHQL]) {
        metrics.countError(codeOfHttpStatus(res.statusCode));
      }
    });
    next();
  };
}
