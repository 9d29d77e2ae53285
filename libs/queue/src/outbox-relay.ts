import { loggableErrorMessage, withTimeout } from '@lib/common';
import { JobName, type OutboxEventJobData } from './job-payloads';
import type { JobQueues, JobToAdd } from './job-queues';
import type { WorkerLog } from './worker-host';

export interface OutboxRelaySettings {
  /** Rows moved per transaction. */
  batchSize: number;
  /** Pause between polls when the outbox is empty. */
  pollMs: number;
  /** Longest pause after a failure (Redis or the database away); pauses double up to it. */
  maxBackoffMs: number;
}

/** One committed outbox event, as its store hands it over. */
export interface OutboxRecord {
  id: string;
  type: OutboxEventJobData['type'];
  payload: OutboxEventJobData['payload'];
  createdAt: Date;
}

/** A batch claimed from the outbox: held against other relays until the unit of work ends. */
export interface OutboxClaim {
  events: OutboxRecord[];
  /** Marks these events dispatched, in the claim's unit of work. */
  markDispatched(ids: string[]): Promise<void>;
}

/**
 * Where the outbox lives (its table is the outbox feature's). `claimBatch` claims up to `limit` undispatched events,
 * oldest first and skipping those another relay holds, runs `work` on them and commits only if `work` resolves.
 */
export interface OutboxStore {
  claimBatch<R>(limit: number, work: (claim: OutboxClaim) => Promise<R>): Promise<R>;
}

/**
 * Moves committed outbox rows to the queue. Rows are claimed from the store (several relays share the work), added
 * with the row id as the job id, and marked dispatched in the same transaction. If Redis is away the
 * transaction rolls back and the rows wait; if the process dies after the add but before the commit, the next
 * relay adds them again and BullMQ turns the repeated id away. Nothing is lost and nothing is queued twice.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly queues: JobQueues,
    private readonly logger: WorkerLog,
    private readonly settings: OutboxRelaySettings,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Moves one batch; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.store.claimBatch(this.settings.batchSize, async ({ events: rows, markDispatched }) => {
      if (!rows.length) return 0;
      const jobs = rows.map((row): JobToAdd => ({
        name: JobName.DispatchOutboxEventJob,
        data: {
          eventId: row.id,
          type: row.type,
          occurredAt: row.createdAt.toISOString(),
          payload: row.payload,
        } as OutboxEventJobData,
        opts: { jobId: row.id },
      }));
      await withTimeout(this.queues.enqueueMany(jobs), 10_000, 'adding outbox jobs to Redis');
      await markDispatched(rows.map((r) => r.id));
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let pause = this.settings.pollMs;
      try {
        const moved = await this.relayOnce();
        if (this.failures) this.logger.log({ msg: `outbox relay recovered after ${this.failures} failed attempt(s)` });
        this.failures = 0;
        if (moved === this.settings.batchSize) pause = 0;
      } catch (err) {
        this.failures++;
        pause = Math.min(this.settings.maxBackoffMs, this.settings.pollMs * 2 ** Math.min(this.failures, 10));
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({
            msg: `outbox relay cannot move events (${loggableErrorMessage(err)}); retrying`,
            failures: this.failures,
          });
        }
      }
      if (pause > 0 && this.running) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
