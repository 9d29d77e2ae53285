import type { NextFunction, Request, Response } from 'express';
import { HttpException, Logger } from '@nestjs/common';
import { codeOfHttpStatus, DomainError, HTTP_STATUS_OF_CODE } from '@lib/common';

const log = new Logger('HTTP');

/**
 * The one HTTP answer to an error, for every route: domain errors and HTTP errors (including the body parser's:
 * malformed JSON, a body over the limit) get their status; on /graphql the body is a GraphQL error document with a
 * public code, elsewhere `{ error: { code, message } }` (or the HttpException's own body, as /health's 503 listing
 * what is down). Anything else is a masked 500, logged. A 401 names the scheme (`WWW-Authenticate: Bearer`).
 * Nest's ErrorFilter answers with it, and so do the Express routers mounted beside Nest (the queue dashboard).
 */
export function answerHttpError(error: unknown, req: Request, res: Response): void {
  let status = 500;
  let code = 'INTERNAL_SERVER_ERROR';
  let message = 'Internal server error';
  let details: Record<string, unknown> = {};
  if (error instanceof DomainError) {
    status = HTTP_STATUS_OF_CODE[error.code];
    ({ code, message, details } = { code: error.code, message: error.message, details: error.details });
  } else if (error instanceof HttpException || httpStatusOf(error)) {
    status = error instanceof HttpException ? error.getStatus() : httpStatusOf(error)!;
    code = codeOfHttpStatus(status);
    message = status >= 500 ? 'Internal server error' : (error as Error).message;
    // The body parser's "request entity too large" (Nest wraps it in an HttpException) says which limit.
    const parserError = (error instanceof HttpException ? error.cause : error) as
      { type?: unknown; limit?: unknown } | undefined;
    if (parserError?.type === 'entity.too.large' && typeof parserError.limit === 'number') {
      message = `Request body over the limit of ${Math.floor(parserError.limit / 1024)} kB`;
    }
  }
  if (status >= 500 && !(error instanceof HttpException)) {
    log.error({ msg: 'unhandled error', err: error instanceof Error ? error : undefined });
  }
  if (res.headersSent) return;
  // An error is JSON whatever the route serves when it succeeds (a controller's @Header has already labelled the
  // answer text/calendar or the like), and no cache keeps it.
  res.type('application/json; charset=utf-8').setHeader('Cache-Control', 'no-store');
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  if (error instanceof HttpException && !req.path.startsWith('/graphql')) {
    const response = error.getResponse();
    if (typeof response === 'object') return void res.status(status).json(response);
  }
  const body = req.path.startsWith('/graphql')
    ? { errors: [{ message, extensions: { code, ...details } }] }
    : { error: { code, message, ...details } };
  res.status(status).json(body);
}

/** The same answer as Express error middleware, for routers mounted outside Nest's. */
export function httpErrorHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => answerHttpError(error, req, res);
}

/** http-errors (body-parser's) carry a 4xx `status` and `expose: true`. */
function httpStatusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status =
    typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return status !== undefined && status >= 400 && status < 600 && e?.expose !== false ? status : undefined;
}
