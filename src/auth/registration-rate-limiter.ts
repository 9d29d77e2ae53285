import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { unauthenticated } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';

/**
 * What anonymous account requests (register, resendVerification) may cost, counted in Redis for every API process:
 * calls per client address (REGISTRATIONS_PER_CLIENT), and account e-mails per address (ACCOUNT_MAILS_PER_ADDRESS),
 * so that nobody can use the platform to flood someone's mailbox, from however many addresses.
 */
@Injectable()
export class RegistrationRateLimiter {
  private readonly perClient: RateLimiterRedis;
  private readonly mailsPerAddress: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const { perClient, mailsPerAddress } = config.registration;
    this.perClient = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:register:client`,
      points: perClient.points,
      duration: perClient.seconds,
    });
    this.mailsPerAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:register:mail`,
      points: mailsPerAddress.points,
      duration: mailsPerAddress.seconds,
    });
  }

  /** Counts one request from the client; UNAUTHENTICATED with reason RATE_LIMITED once its budget is spent. */
  async consume(clientAddress: string): Promise<void> {
    try {
      await this.perClient.consume(clientAddress);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw unauthenticated('Too many account requests from this address; try again later', {
          reason: 'RATE_LIMITED',
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        });
      }
      throw rejection;
    }
  }

  /** Whether one more account e-mail may go to this address now (counted when it may). The caller is told nothing. */
  async mayMail(email: string): Promise<boolean> {
    try {
      await this.mailsPerAddress.consume(createHash('sha256').update(email).digest('base64url').slice(0, 32));
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }
}
