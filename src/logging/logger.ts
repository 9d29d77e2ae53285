import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type LoggerOptions, Logger as Pino } from 'pino';
import { loggableError } from '@lib/common';
import pinoHttp from 'pino-http';

/** The request being served, so that log lines written deep in a service carry its request id. */
const requestScope = new AsyncLocalStorage<{ log: Pino; requestId: string }>();

/** loggableError, also for an error pino-http's wrapper has already turned into pino's own form (`raw` is the error). */
function errForLog(err: unknown): Record<string, unknown> {
  const raw = (err as { raw?: unknown } | null)?.raw;
  return loggableError(raw instanceof Error ? raw : err);
}

/**
 * The process's JSON logger (stdout unless the tests hand it a destination to read). An `err` is written through
 * loggableError: a database error's statement parameters, PostgreSQL's `detail` and the values quoted in its message
 * never reach the log; redaction drops the same fields wherever else they turn up.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Pino {
  const options: LoggerOptions = {
    level,
    base: { service: 'pops-lms', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errForLog },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        'parameters',
        '*.parameters',
        'driverError',
        '*.driverError',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A request's address without the secrets some addresses carry (a calendar feed token, a dashboard sign-in token). */
export function loggableUrl(url: string): string {
  return url
    .replace(/^\/calendar\/[^/?#]+\.ics/, '/calendar/[redacted].ics')
    .replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/** Express middleware: one JSON access-log line per request with its id (taken from `x-request-id` or made). */
export function requestLogging(root: Pino) {
  const http = pinoHttp({
    logger: root,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      // The request's loggers are children with these serializers: without `err` here pino's own would list a
      // database error's parameters and detail.
      err: errForLog,
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req: IncomingMessage & { id?: unknown; log?: Pino }, res: ServerResponse, next: () => void) => {
    http(req, res, () => {
      requestScope.run({ log: req.log ?? root, requestId: String(req.id) }, next);
    });
  };
}

/** Nest's logger interface over pino: `new Logger('Context').log(...)` anywhere ends up as one JSON line. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  private target(): Pino {
    return requestScope.getStore()?.log ?? this.root;
  }

  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const log = this.target();
    if (message instanceof Error) {
      log[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      log[level]({ context, ...message });
    } else if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n')) {
      log[level]({ context, stack: rest[0] }, String(message));
    } else {
      log[level]({ context }, String(message));
    }
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }
}

/** Routes every `new Logger(...)` of Nest (and so TypeORM's, through CountingQueryLogger) to JSON lines. */
export function useJsonLogging(level: string): PinoNestLogger {
  const logger = new PinoNestLogger(createRootLogger(level));
  Logger.overrideLogger(logger);
  return logger;
}
