import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { DomainError } from '@lib/common';
import type { AuthenticatedRequest } from '../graphql/context';
import { AuthService } from './auth.service';

/**
 * Reads `Authorization: Bearer <token>` once per request. A valid token sets `req.user`; a bad one sets
 * `req.authError`, which GraphQL and the HTTP routes answer with UNAUTHENTICATED (never as anonymous).
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  async use(req: AuthenticatedRequest, _res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S{1,4096})\s*$/i.exec(header);
      if (!match) {
        req.authError = 'Malformed Authorization header';
      } else {
        try {
          req.user = await this.auth.userForToken(match[1]);
        } catch (err) {
          if (!(err instanceof DomainError)) return next(err);
          req.authError = err.message;
        }
      }
    }
    next();
  }
}
