import type { INestApplication } from '@nestjs/common';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { DomainError } from '@lib/common';
import { JobQueues } from '@lib/queue';
import { AuthService } from '../auth/auth.service';
import { isSecretariat } from '../auth/policies';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'lms_queues';

/**
 * Bull Board at /admin/queues, for the Secretariat only. A browser cannot send a bearer header, so the first visit
 * may carry the access token as `?token=`; it is moved into an HttpOnly, SameSite=Strict cookie limited to this
 * path and the address is cleaned by a redirect. API clients can send `Authorization: Bearer` as elsewhere.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(JobQueues)
      .all()
      .map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'POPs training queues' } },
  });
  // Bull Board's router is an Express app of its own, which would put X-Powered-By back on its answers.
  const router = serverAdapter.getRouter() as { disable?: (setting: string) => unknown };
  router.disable?.('x-powered-by');
  app.use(QUEUE_DASHBOARD_PATH, secretariatOnly(app.get(AuthService)), router);
}

function secretariatOnly(auth: AuthService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : null;
    const header = /^Bearer\s+(\S{1,4096})\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const token = header ?? fromQuery ?? parseCookies(req.headers.cookie ?? '')[COOKIE] ?? null;
    if (!token) return refuse(res, 401, 'Sign in as the Secretariat: open this page with ?token=<accessToken>');
    auth
      .userForToken(token)
      .then((user) => {
        if (!isSecretariat(user)) return refuse(res, 403, 'The queue dashboard is for the Secretariat only');
        if (fromQuery && !header) {
          // A browser-session cookie; the token inside still expires when it does.
          res.setHeader(
            'Set-Cookie',
            serializeCookie(COOKIE, token, { path: QUEUE_DASHBOARD_PATH, httpOnly: true, sameSite: 'strict' }),
          );
          return res.redirect(303, req.baseUrl + req.path);
        }
        next();
      })
      .catch((err) => {
        if (err instanceof DomainError) return refuse(res, 401, err.message);
        next(err);
      });
  };
}

function refuse(res: Response, status: number, message: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(status).type('text/plain').send(message);
}
