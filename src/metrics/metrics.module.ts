import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config';
import { OutboxModule } from '../outbox/outbox.module';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ScrapeTimeMetrics } from './scrape-time-metrics';

/**
 * Prometheus metrics (docs/API.md, "HTTP routes"): one MetricsService per application, with a Registry of its own;
 * features record through it (a line each: mail outcomes, reminders). GET /metrics exists only with METRICS_TOKEN, in
 * the API and in the worker process alike. The HTTP middleware is mounted by bootstrap, first in the chain.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [OutboxModule],
      providers: [
        {
          provide: MetricsService,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => new MetricsService({ operationNames: c.metrics.operationNames }),
        },
        ScrapeTimeMetrics,
        GraphqlMetricsPlugin,
      ],
      controllers: config.metrics.token ? [MetricsController] : [],
      exports: [MetricsService],
    };
  }
}
