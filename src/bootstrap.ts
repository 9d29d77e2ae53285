import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { SeedService } from './database/seed/seed.service';
import { mountQueueDashboard } from './notifications/queue-dashboard';
import { createRootLogger, PinoNestLogger, requestLogging } from './logging/logger';

/**
 * Builds the application for a configuration: database created and migrated, Nest app wired with JSON logging,
 * reference data and demo programme seeded. main.ts listens on it; the tests do the same on a port of their own.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const root = createRootLogger(config.logLevel);
  const logger = new PinoNestLogger(root);
  Logger.overrideLogger(logger);

  await prepareDatabase(config.databaseUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bodyParser: false, // registered below, once, with our limit
  });
  app.use(requestLogging(root));
  app.useBodyParser('json', { limit: '256kb' });
  app.set('trust proxy', 'loopback');
  app.set('x-powered-by', false);
  if (config.runsApi) mountQueueDashboard(app);
  await app.get(SeedService).run();
  return app;
}
