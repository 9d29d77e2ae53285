import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@lib/common';
import type { AuthenticatedRequest } from '../graphql/context';
import { AuthService } from './auth.service';

/**
 * Where a route that a browser opens by its address (no header can be set) finds the token when no
 * `Authorization` header is sent: a cookie, or the query of the first visit.
 */
export type TokenFallback = (req: Request) => string | null;

/**
 * Reads `Authorization: Bearer <token>` once per request. A valid token sets `req.user`; a bad one sets
 * `req.authError`, which GraphQL and the HTTP routes answer with UNAUTHENTICATED (never as anonymous).
 * The one place that reads credentials: routes mounted outside Nest (the queue dashboard) run the same middleware
 * through `authenticate`, with their own fallback.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  private readonly handle: ReturnType<typeof authenticate>;

  constructor(auth: AuthService) {
    this.handle = authenticate(auth);
  }

  use(req: AuthenticatedRequest, res: Response, next: NextFunction): Promise<void> {
    return this.handle(req, res, next);
  }
}

export function authenticate(auth: AuthService, fallback?: TokenFallback) {
  return async (req: AuthenticatedRequest, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    const token = header ? (/^Bearer\s+(\S{1,4096})\s*$/i.exec(header)?.[1] ?? null) : (fallback?.(req) ?? null);
    if (header && !token) {
      req.authError = 'Malformed Authorization header';
    } else if (token) {
      try {
        req.user = await auth.userForToken(token);
      } catch (err) {
        if (!(err instanceof DomainError)) return next(err);
        req.authError = err.message;
      }
    }
    next();
  };
}
