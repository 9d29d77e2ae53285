import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { unauthenticated } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MetricsService } from './metrics.service';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether an `Authorization: Bearer …` header carries the token, compared in constant time: both sides are hashed
 * first, so neither the token's characters nor its length show in the time the comparison takes.
 */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/**
 * GET /metrics in Prometheus's text format, for whoever runs the platform: `Authorization: Bearer $METRICS_TOKEN`.
 * Mounted only when METRICS_TOKEN is set (MetricsModule), so without it /metrics is an unknown route (404).
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!bearerMatches(req.headers.authorization, this.config.metrics.token ?? '')) {
      throw unauthenticated('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
    }
    const text = await this.metrics.registry.metrics();
    res.type(this.metrics.registry.contentType).send(text);
  }
}
