import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { unauthenticated } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';

/**
 * Login attempts are limited per e-mail (against guessing one account's password) and per client address
 * (against trying many accounts). Counters live in Redis, so every API process shares them.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perEmail: RateLimiterRedis;
  private readonly perClient: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const common = { storeClient: redis, duration: config.login.windowSeconds };
    this.perEmail = new RateLimiterRedis({
      ...common,
      keyPrefix: `${config.redisPrefix}:login:email`,
      points: config.login.maxPerEmail,
    });
    this.perClient = new RateLimiterRedis({
      ...common,
      keyPrefix: `${config.redisPrefix}:login:client`,
      points: config.login.maxPerClient,
    });
  }

  /** Counts one attempt; throws UNAUTHENTICATED with reason RATE_LIMITED when either budget is spent. */
  async consume(email: string, client: string): Promise<void> {
    try {
      await Promise.all([this.perEmail.consume(email), this.perClient.consume(client)]);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw unauthenticated('Too many login attempts; try again later', {
          reason: 'RATE_LIMITED',
          retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000),
        });
      }
      throw rejection;
    }
  }

  /** A successful login clears the e-mail's counter (the client's keeps counting). */
  async reset(email: string): Promise<void> {
    await this.perEmail.delete(email);
  }
}
