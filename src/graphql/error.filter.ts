import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { answerHttpError } from '../http/http-errors';

/**
 * The last stop of every error outside a resolver's own answer.
 * - In GraphQL operations: errors go back to Apollo untouched and formatGraphQLError shapes (and masks) them;
 *   domain errors are answers, not failures, so nothing is logged for them here.
 * - On HTTP routes: the one HTTP mapping of every error (`answerHttpError`, src/http).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return error;
    const ctx = host.switchToHttp();
    answerHttpError(error, ctx.getRequest<Request>(), ctx.getResponse<Response>());
  }
}
