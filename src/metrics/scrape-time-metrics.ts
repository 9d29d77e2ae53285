import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { withTimeout } from '@lib/common';
import { JobQueues } from '@lib/queue';
import { OutboxService } from '../outbox/outbox.service';
import { MetricsService } from './metrics.service';

/** A scrape must answer even while Redis or PostgreSQL does not: their series are left out instead. */
const READ_TIMEOUT_MS = 2000;

/** The gauges of one scrape share each source's reading; the next scrape reads afresh. */
const SCRAPE_MEMO_MS = 1000;

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/**
 * Values that are state, read when Prometheus scrapes rather than counted as they change, so they are exact whatever
 * the process did: the database pool (this process's), the queues and the outbox (the deployment's: every API and
 * worker process reports the same figures, so dashboards take their max, not their sum). A source that does not
 * answer in time leaves its series out of that scrape (`lms_metrics_source_up` is 0).
 */
@Injectable()
export class ScrapeTimeMetrics {
  private readonly log = new Logger('Metrics');

  constructor(metrics: MetricsService, @InjectDataSource() db: DataSource, queues: JobQueues, outbox: OutboxService) {
    const pool = () => (db.driver as unknown as { master?: Pool }).master;
    metrics.gauge({
      name: 'lms_db_pool_connections',
      help: "This process's PostgreSQL pool: connections in use, idle, and the pool's maximum",
      labelNames: ['state'],
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'max' }, p.options.max ?? 10);
      },
    });
    metrics.gauge({
      name: 'lms_db_pool_waiting',
      help: "Queries of this process waiting for a PostgreSQL connection (the pool's every connection is in use)",
      collect() {
        const p = pool();
        if (p) this.set(p.waitingCount);
      },
    });

    // Each source is read once per scrape (the gauges of a scrape are collected together) and may fail alone.
    const reader = <T>(what: string, load: () => Promise<T>) => {
      let last: { at: number; value: Promise<T | null> } | null = null;
      return (): Promise<T | null> => {
        if (!last || Date.now() - last.at > SCRAPE_MEMO_MS) {
          const value = withTimeout(load(), READ_TIMEOUT_MS, what).catch((err: Error) => {
            this.log.debug({ msg: `metrics: ${what} failed: ${err.message}` });
            return null;
          });
          last = { at: Date.now(), value };
        }
        return last.value;
      };
    };
    const queueCounts = reader('reading the queue counts', () =>
      Promise.all(queues.all().map(async (q) => [q.name, await q.getJobCounts(...QUEUE_STATES)] as const)),
    );
    const oldestWaiting = reader('reading the oldest waiting jobs', () => {
      const now = Date.now();
      return Promise.all(
        queues.all().map(async (q) => {
          // BullMQ takes jobs from the far end of the wait list: ascending order starts with the next one to run.
          const [oldest] = await q.getJobs(['wait'], 0, 0, true);
          // Due when added, or when its delay (a reminder's moment, a retry's backoff) ran out.
          const due = oldest ? Math.max(oldest.timestamp + (oldest.delay ?? 0), oldest.processedOn ?? 0) : now;
          return [q.name, Math.max(0, now - due) / 1000] as const;
        }),
      );
    });
    const backlog = reader('reading the outbox backlog', () => outbox.backlog());

    metrics.gauge({
      name: 'lms_metrics_source_up',
      help: 'Whether the last scrape could read a source (queues: Redis; outbox: PostgreSQL); 0: its series are missing',
      labelNames: ['source'],
      collect: async function () {
        const [counts, oldest, b] = await Promise.all([queueCounts(), oldestWaiting(), backlog()]);
        this.set({ source: 'queues' }, counts && oldest ? 1 : 0);
        this.set({ source: 'outbox' }, b ? 1 : 0);
      },
    });
    metrics.gauge({
      name: 'lms_queue_jobs',
      help: 'Jobs per queue and state (waiting: ready to run; delayed: reminders and retries not yet due)',
      labelNames: ['queue', 'state'],
      collect: async function () {
        this.reset();
        for (const [queue, counts] of (await queueCounts()) ?? []) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    metrics.gauge({
      name: 'lms_queue_oldest_waiting_seconds',
      help: 'Per queue, how long the oldest job ready to run has waited since it became due (0: none waiting)',
      labelNames: ['queue'],
      collect: async function () {
        this.reset();
        for (const [queue, seconds] of (await oldestWaiting()) ?? []) this.set({ queue }, seconds);
      },
    });
    // Unlabelled gauges cannot be left out: while the outbox cannot be read they keep the last value read
    // (lms_metrics_source_up{source="outbox"} says so).
    metrics.gauge({
      name: 'lms_outbox_backlog',
      help: 'Outbox events committed and not yet handed to the queues',
      collect: async function () {
        const b = await backlog();
        if (b) this.set(b.waiting);
      },
    });
    metrics.gauge({
      name: 'lms_outbox_oldest_seconds',
      help: 'Age of the oldest outbox event not yet handed to the queues (0: none waiting)',
      collect: async function () {
        const b = await backlog();
        if (b) this.set(b.oldestSeconds ?? 0);
      },
    });
  }
}
