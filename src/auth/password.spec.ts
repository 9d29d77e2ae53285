import { DomainError } from '@lib/common';
import type { AppConfig } from '../config/config';
import { BoundedConcurrency, PasswordHasher, TooBusy } from './password';

const later = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('BoundedConcurrency', () => {
  it('runs at most `limit` tasks at once, the next ones in arrival order, and refuses beyond the waiting line', async () => {
    const slots = new BoundedConcurrency(2, 3);
    const gates = Array.from({ length: 6 }, later);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect({ running: slots.running, queued: slots.queued }).toEqual({ running: 2, queued: 3 });
    await expect(runs[5]).rejects.toBeInstanceOf(TooBusy);
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(runs.slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(slots.peakActive).toBe(2);
    expect({ running: slots.running, queued: slots.queued }).toEqual({ running: 0, queued: 0 });
  });

  it('frees the slot of a task that fails', async () => {
    const slots = new BoundedConcurrency(1, 1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
    expect(slots.running).toBe(0);
  });
});

describe('PasswordHasher', () => {
  const hasher = (concurrency: number, maxWaiting: number) =>
    new PasswordHasher({ passwordHashing: { concurrency, maxWaiting } } as AppConfig);

  it('hashes with argon2id and verifies', async () => {
    const h = hasher(1, 1);
    const hash = await h.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await h.verify(hash, 'correct horse battery')).toBe(true);
    expect(await h.verify(hash, 'wrong horse battery')).toBe(false);
    expect(await h.verify('not a hash', 'anything')).toBe(false);
  }, 30_000);

  it('refuses with UNAUTHENTICATED, reason RATE_LIMITED, when the slot and the waiting line are taken', async () => {
    const h = hasher(1, 0);
    const first = h.hash('one password here');
    const second = h.hash('another password');
    await expect(second).rejects.toBeInstanceOf(DomainError);
    await expect(second).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'RATE_LIMITED', retryAfterSeconds: 1 },
    });
    await expect(first).resolves.toMatch(/^\$argon2id\$/);
  }, 30_000);
});
