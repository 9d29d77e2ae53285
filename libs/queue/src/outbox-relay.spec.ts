import type { JobQueues, JobToAdd } from './job-queues';
import { OutboxRelay, type OutboxRecord, type OutboxStore } from './outbox-relay';

/** An outbox in memory: a claim commits (removes the marked rows) only if its work resolves. */
class MemoryOutbox implements OutboxStore {
  readonly committed: string[][] = [];
  constructor(public rows: OutboxRecord[]) {}

  async claimBatch<R>(
    limit: number,
    work: (claim: { events: OutboxRecord[]; markDispatched(ids: string[]): Promise<void> }) => Promise<R>,
  ): Promise<R> {
    const events = this.rows.slice(0, limit);
    let marked: string[] = [];
    const result = await work({ events, markDispatched: async (ids) => void (marked = ids) });
    this.rows = this.rows.filter((r) => !marked.includes(r.id));
    this.committed.push(marked);
    return result;
  }
}

const record = (id: string): OutboxRecord => ({
  id,
  type: 'ENROLMENT_CONFIRMED' as OutboxRecord['type'],
  payload: { enrolmentId: id } as unknown as OutboxRecord['payload'],
  createdAt: new Date('2030-01-01T00:00:00Z'),
});

const quietLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

function queuesThat(add: (jobs: JobToAdd[]) => Promise<void>): JobQueues {
  return { enqueueMany: add } as unknown as JobQueues;
}

describe('OutboxRelay.relayOnce', () => {
  const settings = { batchSize: 2, pollMs: 10, maxBackoffMs: 100 };

  it('adds a batch with each row id as its job id, then marks exactly those rows dispatched', async () => {
    const added: JobToAdd[] = [];
    const store = new MemoryOutbox([record('a'), record('b'), record('c')]);
    const relay = new OutboxRelay(
      store,
      queuesThat(async (jobs) => void added.push(...jobs)),
      quietLog,
      settings,
    );

    await expect(relay.relayOnce()).resolves.toBe(2);
    expect(added.map((j) => j.opts?.jobId)).toEqual(['a', 'b']);
    expect(added[0].data).toMatchObject({ eventId: 'a', occurredAt: '2030-01-01T00:00:00.000Z' });
    expect(store.committed).toEqual([['a', 'b']]);
    expect(store.rows.map((r) => r.id)).toEqual(['c']);

    await expect(relay.relayOnce()).resolves.toBe(1);
    await expect(relay.relayOnce()).resolves.toBe(0);
    expect(store.rows).toEqual([]);
  });

  it('marks nothing when the queue refuses the batch, so the rows wait for the next attempt', async () => {
    const store = new MemoryOutbox([record('a')]);
    const relay = new OutboxRelay(
      store,
      queuesThat(() => Promise.reject(new Error('Redis away'))),
      quietLog,
      settings,
    );
    await expect(relay.relayOnce()).rejects.toThrow('Redis away');
    expect(store.rows.map((r) => r.id)).toEqual(['a']);
  });
});
