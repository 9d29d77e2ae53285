import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import type { EnvConfig } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { completeConfig, deploymentIdentity } from './deployment/deployment';
import { SeedService } from './programme-data/seed.service';
import { mountQueueDashboard } from './queues/queue-dashboard';
import { mountMaterialUploads } from './files/material-uploads';
import { securityHeaders } from './http/security-headers';
import { httpErrorHandler } from './http/http-errors';
import { mountWebApp } from './http/web-app';
import { graphqlCompression } from './http/graphql-compression';
import { createRootLogger, PinoNestLogger, requestLogging } from './logging/logger';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';

/** The largest JSON body accepted: a GraphQL document (at most 5,000 tokens) with its variables fits easily. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Builds the application for a configuration: database created and migrated, the deployment's identity read (made
 * on the first start), Nest app wired with JSON logging, reference data and demo programme seeded. main.ts listens
 * on it; the tests do the same on a port of their own (and may read the log lines from `logDestination`). The Nest
 * app gets the completed configuration (APP_CONFIG).
 */
export async function createApp(
  env: EnvConfig,
  options: { logDestination?: DestinationStream } = {},
): Promise<INestApplication> {
  const root = createRootLogger(env.logLevel, options.logDestination);
  const logger = new PinoNestLogger(root);
  Logger.overrideLogger(logger);

  await prepareDatabase(env.databaseUrl);
  const config = completeConfig(env, await deploymentIdentity(env.databaseUrl));
  const signer = env.jwtSecret ? 'JWT_SECRET' : 'the secret kept in the database';
  new Logger('Deployment').log({
    msg: `deployment ${config.deploymentId}: tokens signed with ${signer}, Redis keys under ${config.redisPrefix}:`,
    deploymentId: config.deploymentId,
    redisPrefix: config.redisPrefix,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bodyParser: false, // registered below, once, with our limit
  });
  // First of all: every answer, the body parser's and the error filter's included, carries the security headers.
  app.use(securityHeaders(config));
  app.use(httpMetrics(app.get(MetricsService))); // every answer's latency, by route pattern (src/metrics)
  app.use(requestLogging(root));
  app.use('/graphql', graphqlCompression());
  // Bodies over the limit (after decompression: a gzip bomb counts at its inflated size) are refused before any
  // GraphQL work with 413 and, on /graphql, a GraphQL-shaped JSON answer { errors: [{ message, extensions: { code:
  // 'BAD_USER_INPUT' } }] } (ErrorFilter): API.md's code for a request the client must change, the status saying why.
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  answerMalformedRequestsInJson(app);
  // Above a proxy's idle timeout (often 60 s): Node's 5 s closed connections a proxy was about to reuse (502s).
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.headersTimeout = config.http.headersTimeoutMs;
  app.set('trust proxy', 'loopback');
  app.set('x-powered-by', false);
  if (config.runsApi) {
    mountQueueDashboard(app, httpErrorHandler());
    mountMaterialUploads(app, httpErrorHandler());
    if (!mountWebApp(app))
      new Logger('WebApp').warn(
        'web/dist not found: the API runs without its web application (npm run build builds it)',
      );
  }
  await app.get(SeedService).run();
  return app;
}

/**
 * What Node's HTTP parser refuses never reaches Express: a request line or headers over 16 kB (a 2 MB document sent
 * as a GET query string), or bytes that are not HTTP. Node's default answer is a bare 431 or 400 without a body; here
 * it is the same status with a GraphQL-shaped JSON error, then the connection closes, as Node's own answer does.
 */
function answerMalformedRequestsInJson(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's default: write only on a connection still open and with no response of its own under way.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy(err);
    const [status, reason, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            'Request line or headers too large: send the GraphQL document in a POST body',
          ]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'Request not received in time']
          : [400, 'Bad Request', 'Malformed HTTP request'];
    const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}
