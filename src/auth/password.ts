import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { unauthenticated } from '@lib/common';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** argon2id with the library's defaults (64 MiB, t=3, p=4). Unbounded: the platform goes through PasswordHasher. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Every slot is busy and the waiting line is full. */
export class TooBusy extends Error {
  constructor() {
    super('too many tasks waiting');
    this.name = 'TooBusy';
  }
}

/**
 * At most `limit` tasks at once; up to `maxWaiting` more wait their turn in arrival order, and any beyond that are
 * refused at once with TooBusy instead of piling up.
 */
export class BoundedConcurrency {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most tasks that ran at the same time since the start (what the tests and the limit are about). */
  peakActive = 0;

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      if (this.waiting.length >= this.maxWaiting) throw new TooBusy();
      // The slot is handed over by the task that ends (release), already counted as active.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.peakActive = Math.max(this.peakActive, this.active);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * The one way the platform hashes and verifies passwords. argon2 runs on libuv's thread pool, off the event loop,
 * but each hash holds 64 MiB and a pool thread for a sizeable fraction of a second: unbounded, 20 registrations at
 * once filled the pool and the CPU and an unrelated `{ __typename }` took 4 s. So only PASSWORD_HASH_CONCURRENCY run
 * at once, PASSWORD_HASH_QUEUE more wait, and beyond that a request is refused with RATE_LIMITED.
 */
@Injectable()
export class PasswordHasher {
  readonly slots: BoundedConcurrency;
  private dummy: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.slots = new BoundedConcurrency(config.passwordHashing.concurrency, config.passwordHashing.maxWaiting);
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => hashPassword(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.bounded(() => verifyPassword(hash, password));
  }

  /**
   * A hash of a random secret, made once: verifying any password against it takes as long as for a real account,
   * so an unknown e-mail is not told apart by the time its answer takes.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(`no-account-${Math.random()}`).catch((err: unknown) => {
      this.dummy = null;
      throw err;
    });
    return this.dummy;
  }

  private async bounded<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(task);
    } catch (err) {
      if (err instanceof TooBusy) {
        throw unauthenticated('The server is busy; try again in a moment', {
          reason: 'RATE_LIMITED',
          retryAfterSeconds: 1,
        });
      }
      throw err;
    }
  }
}
