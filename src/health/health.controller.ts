import { withTimeout } from '@lib/common';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { JobQueues } from '@lib/queue';
import { REDIS } from '../redis/redis.module';
import { OutboxService } from '../outbox/outbox.service';

/** GET /health: 200 when PostgreSQL, Redis and the queues answer, 503 with the failing part named when not. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly queues: JobQueues,
    private readonly outbox: OutboxService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.redisCheck(),
      () => this.queuesCheck(),
    ]);
  }

  /** Jobs per queue and state, and the outbox rows not yet handed to the queues (with the age of the oldest). */
  private async queuesCheck() {
    const indicator = this.indicators.check('queues');
    try {
      const [counts, backlog] = await Promise.all([
        withTimeout(this.queues.counts(), 2000, 'reading the queues'),
        this.outbox.backlog(),
      ]);
      return indicator.up({ ...counts, outboxBacklog: backlog });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      const pong = await withTimeout(this.redis.ping(), 2000, 'PING');
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected answer ${pong}` });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
