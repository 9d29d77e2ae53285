import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { pageStyleSources } from '@lib/documents';
import type { AppConfig } from '../config/config';
import { isApiPath, QUEUE_DASHBOARD_PATH } from './routes';

type Directives = Record<string, Iterable<string | ((req: IncomingMessage, res: ServerResponse) => string)>>;

/** Nothing may load, frame or be framed: JSON, PDF, ICS, CSV and XLSX answers run nothing in a browser. */
const NOTHING: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * The platform's own HTML pages (/verify/{code}, /account/…): no script at all, only the pages' own inline styles
 * (by hash, see styleElement), forms posting back to the platform.
 */
const PAGES: Directives = {
  'default-src': ["'none'"],
  'style-src': [() => pageStyleSources().join(' ') || "'none'"],
  'img-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
};

/**
 * Bull Board: its own scripts and styles from /admin/queues/static, JSON from its API; it writes inline style
 * attributes (hence 'unsafe-inline' for styles only) and asks Google Fonts for its typeface.
 */
const DASHBOARD: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  'font-src': ["'self'", 'data:', 'https://fonts.gstatic.com'],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * Apollo's landing page (GET /graphql from a browser, outside production): the sandbox's scripts, styles and frame
 * from Apollo's CDN. The page carries its own, stricter policy with a per-response nonce (a <meta> element); both
 * apply, so 'unsafe-inline' here only lets that nonce decide.
 */
const APOLLO_CDN = [
  'https://apollo-server-landing-page.cdn.apollographql.com',
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
];
const LANDING_PAGE: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'unsafe-inline'", ...APOLLO_CDN],
  'style-src': ["'self'", "'unsafe-inline'", ...APOLLO_CDN, 'https://fonts.googleapis.com'],
  'font-src': ["'self'", 'data:', 'https://fonts.gstatic.com'],
  'img-src': ["'self'", 'data:', 'https://apollo-server-landing-page.cdn.apollographql.com'],
  'manifest-src': ['https://apollo-server-landing-page.cdn.apollographql.com'],
  'frame-src': ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
};

/**
 * The web application (every path that is not the API's): its own scripts, styles and code chunks only, GraphQL on the
 * same origin, no inline script or style, never framed.
 */
const WEB_APP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

const withPolicy = (directives: Directives) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Answers are for this origin's pages and for API clients (which CORP does not concern), never embedded elsewhere.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });

/**
 * Security headers on every HTTP answer, in one place (registered before any route, body parser or error filter):
 * X-Content-Type-Options: nosniff, Referrer-Policy, X-Frame-Options, HSTS and the rest of helmet's set, and a
 * Content-Security-Policy for what each family of routes serves.
 */
export function securityHeaders(config: Pick<AppConfig, 'production'>) {
  const api = withPolicy(NOTHING);
  const pages = withPolicy(PAGES);
  const dashboard = withPolicy(DASHBOARD);
  const webApp = withPolicy(WEB_APP);
  const landingPage = config.production ? api : withPolicy(LANDING_PAGE);
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) return dashboard(req, res, next);
    if (path.startsWith('/verify/') || path.startsWith('/account/')) return pages(req, res, next);
    if (path === '/graphql' && req.method === 'GET' && /text\/html/.test(req.headers.accept ?? '')) {
      return landingPage(req, res, next);
    }
    // The web app's files, and a page asked for by a browser outside the API's routes (answered with index.html).
    const webAppAnswer =
      !isApiPath(path) && (path === '/' || path.startsWith('/assets/') || /text\/html/.test(req.headers.accept ?? ''));
    return webAppAnswer ? webApp(req, res, next) : api(req, res, next);
  };
}
