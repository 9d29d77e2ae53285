import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { unauthenticated } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';

/** How long an address the owner signed in from stays exempt from the account's own ceiling. */
const KNOWN_CLIENT_SECONDS = 30 * 24 * 3600;

/** One sign-in under way: tell the limiter how it ended. */
export interface LoginAttempt {
  /** The password was right: nothing of this attempt counts, and the account and client pair starts afresh. */
  succeeded(): Promise<void>;
  /** The password could not be checked (the server was busy): the attempt counts nowhere. */
  unchecked(): Promise<void>;
}

/**
 * Sign-in failures, counted in Redis (shared by every API process), after rate-limiter-flexible's "login endpoint
 * protection" pattern. Only failures count, so a workshop of 60 delegates behind one hotel address all signing in
 * correctly costs nothing. Three budgets:
 * - consecutive failures per account and client address (LOGIN_CONSECUTIVE_FAILURES in its window): stops guessing
 *   one account's password from one place, and does not lock the owner, who signs in from another;
 * - failures per client address (LOGIN_FAILURES_PER_CLIENT): one place trying many accounts;
 * - failures per account from everywhere (LOGIN_FAILURES_PER_ACCOUNT, slower): many places trying one account. An
 *   address the owner has signed in from recently is exempt from this one, so a distributed guesser cannot lock the
 *   owner out either.
 * Each attempt reserves its failure before the password is checked (so a burst of parallel guesses cannot all pass
 * a check made before any of them failed) and gives it back when the password was right. E-mails are keyed by their
 * digest: no addresses in Redis.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly pair: RateLimiterRedis;
  private readonly client: RateLimiterRedis;
  private readonly account: RateLimiterRedis;
  private readonly knownPrefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const limiter = (name: string, budget: { points: number; seconds: number }) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.redisPrefix}:login:${name}`,
        points: budget.points,
        duration: budget.seconds,
      });
    this.pair = limiter('fail:account-client', config.login.consecutiveFailures);
    this.client = limiter('fail:client', config.login.failuresPerClient);
    this.account = limiter('fail:account', config.login.failuresPerAccount);
    this.knownPrefix = `${config.redisPrefix}:login:known`;
  }

  /**
   * Counts this attempt as a failure until told otherwise; throws UNAUTHENTICATED with reason RATE_LIMITED (and
   * retryAfterSeconds) when a budget is already spent, and then the attempt counts nowhere.
   */
  async begin(email: string, clientAddress: string): Promise<LoginAttempt> {
    const account = digest(email);
    const pairKey = `${account}:${clientAddress}`;
    const budgets: [RateLimiterRedis, string][] = [
      [this.pair, pairKey],
      [this.client, clientAddress],
      [this.account, account],
    ];
    const results = await Promise.allSettled(budgets.map(([limiter, key]) => limiter.consume(key)));
    const failure = results.find((r) => r.status === 'rejected' && !(r.reason instanceof RateLimiterRes));
    if (failure) {
      await this.giveBack(budgets.filter((_, i) => results[i].status === 'fulfilled'));
      throw (failure as PromiseRejectedResult).reason;
    }
    let refusals = results.flatMap((r, i) => (r.status === 'rejected' ? [{ i, res: r.reason as RateLimiterRes }] : []));
    if (refusals.length === 1 && refusals[0].i === 2 && (await this.isKnown(account, clientAddress))) {
      refusals = []; // the owner's own address: the account's ceiling is for everyone else
    }
    if (refusals.length) {
      // A refused attempt checks no password: it is no failure, on any budget.
      await this.giveBack(budgets);
      throw unauthenticated('Too many failed sign-ins; try again later', {
        reason: 'RATE_LIMITED',
        retryAfterSeconds: Math.max(1, ...refusals.map((r) => Math.ceil(r.res.msBeforeNext / 1000))),
      });
    }
    return {
      succeeded: async () => {
        await Promise.all([
          this.pair.delete(pairKey),
          this.giveBack([budgets[1], budgets[2]]),
          this.redis.set(`${this.knownPrefix}:${account}:${clientAddress}`, '1', 'EX', KNOWN_CLIENT_SECONDS),
        ]);
      },
      unchecked: () => this.giveBack(budgets),
    };
  }

  private async isKnown(account: string, clientAddress: string): Promise<boolean> {
    return (await this.redis.exists(`${this.knownPrefix}:${account}:${clientAddress}`)) === 1;
  }

  /** Returns one point to each budget; a counter that would fall below zero (its window ended meanwhile) goes. */
  private async giveBack(budgets: [RateLimiterRedis, string][]): Promise<void> {
    await Promise.all(
      budgets.map(async ([limiter, key]) => {
        const res = await limiter.reward(key, 1);
        if (res.consumedPoints <= 0) await limiter.delete(key);
      }),
    );
  }
}

function digest(email: string): string {
  return createHash('sha256').update(email).digest('base64url').slice(0, 32);
}
