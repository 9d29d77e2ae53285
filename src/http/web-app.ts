import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { isApiPath } from './routes';

/** The web application's build (web/dist), from the project root, where `npm start` and the tests run. */
export const WEB_DIST_DIR = resolve('web/dist');

/**
 * Serves the web application beside the API: its files precompressed (brotli, else gzip, as the browser accepts;
 * Vite wrote .br and .gz beside each file), hashed assets cached for a year as immutable, index.html revalidated on
 * each visit so a release is seen at once; any other address a browser asks for as a page (Accept: text/html) gets
 * index.html, where the app's router takes over. The API's routes (routes.ts) are never touched.
 * Returns false when the app was not built (the API then runs alone).
 */
export function mountWebApp(app: INestApplication, dir = WEB_DIST_DIR): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const files = expressStaticGzip(dir, {
    enableBrotli: true,
    orderPreference: ['br', 'gz'],
    index: false,
    serveStatic: {
      index: false,
      fallthrough: true,
      setHeaders: (res: ServerResponse, path: string) => {
        res.setHeader(
          'Cache-Control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    files(req, res, (err?: unknown) => {
      if (err) return next(err);
      // No such file. An asset that is not there is a 404 (from Nest's error answer); a page is the app's.
      const wantsPage =
        req.path === '/' || (!req.path.startsWith('/assets/') && /text\/html/.test(req.headers.accept ?? ''));
      if (!wantsPage) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').sendFile(indexFile, (sendErr?: Error) => {
        if (sendErr && !res.headersSent) next(sendErr);
      });
    });
  });
  return true;
}
