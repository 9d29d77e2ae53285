import type { INestApplication } from '@nestjs/common';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { forbidden, unauthenticated } from '@lib/common';
import { JobQueues } from '@lib/queue';
import { authenticate } from '../auth/auth.middleware';
import { AuthService } from '../auth/auth.service';
import { isSecretariat } from '../auth/policies';
import type { User } from '../auth/user.entity';
import type { AuthenticatedRequest } from '../graphql/context';
import { QUEUE_DASHBOARD_PATH } from '../http/routes';

const COOKIE = 'lms_queues';

/**
 * Bull Board at /admin/queues, for the Secretariat only. The credentials are read by the platform's own auth
 * middleware (`authenticate`), which here, as a browser cannot send a bearer header, also takes the access token from
 * `?token=` on the first visit, then from an HttpOnly, SameSite=Strict cookie limited to this path (the address is
 * cleaned by a redirect). API clients send `Authorization: Bearer` as elsewhere. Refusals are the platform's
 * domain errors, answered by its one HTTP mapping (`errors`: src/http's handler, handed in by bootstrap).
 */
export function mountQueueDashboard(app: INestApplication, errors: ErrorRequestHandler): void {
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
  const credentials = authenticate(
    app.get(AuthService),
    (req) => queryToken(req) ?? parseCookies(req.headers.cookie ?? '')[COOKIE] ?? null,
  );
  app.use(QUEUE_DASHBOARD_PATH, credentials, secretariatOnly, router, errors);
}

const queryToken = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : null);

function secretariatOnly(req: AuthenticatedRequest, res: Response, next: NextFunction): void {
  if (req.authError) return next(unauthenticated(req.authError));
  const user = req.user as User | undefined;
  if (!user) return next(unauthenticated('Sign in as the Secretariat: open this page with ?token=<accessToken>'));
  if (!isSecretariat(user)) return next(forbidden('The queue dashboard is for the Secretariat only'));
  const fromQuery = queryToken(req);
  if (fromQuery && !req.headers.authorization) {
    // A browser-session cookie; the token inside still expires when it does.
    res.setHeader(
      'Set-Cookie',
      serializeCookie(COOKIE, fromQuery, {
        path: QUEUE_DASHBOARD_PATH,
        httpOnly: true,
        sameSite: 'strict',
        // Over HTTPS (directly, or through a proxy on loopback: 'trust proxy') the cookie never travels in clear.
        secure: req.secure,
      }),
    );
    return res.redirect(303, req.baseUrl + req.path);
  }
  next();
}
