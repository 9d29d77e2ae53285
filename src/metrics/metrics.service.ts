import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type GaugeConfiguration } from 'prom-client';
import { HTTP_STATUS_OF_CODE } from '@lib/common';
import { MailKind } from '@lib/mailer';
import { OperationNames } from './operation-names';

/** Request latencies, in seconds: from a cached catalogue page (a few ms) to a slow report. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** How long after its moment a reminder went out: on time is within a second or two of it. */
const REMINDER_DELAY_BUCKETS = [1, 5, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600];

/** A reminder sent more than this after its planned moment counts as late (a worker was down, SMTP kept failing). */
export const REMINDER_LATE_AFTER_MS = 60_000;

/** The codes of docs/API.md; anything else (a bug: the error mapper gives every error one of these) is OTHER. */
const ERROR_CODES = new Set<string>([...Object.keys(HTTP_STATUS_OF_CODE), 'INTERNAL_SERVER_ERROR']);
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const MAIL_KINDS = new Set<string>(Object.values(MailKind));

export type MailOutcome = 'sent' | 'retried' | 'failed';

/**
 * The process's metrics, in a Registry of its own (never prom-client's global one: a test process runs several
 * apps). Every label takes its values from a bounded set: route patterns, the admitted operation names
 * (`OperationNames`), the error codes of API.md, mail kinds, reminder drop reasons. Services record with the one-line
 * methods below; values that are state (queues, outbox, database pool) are read when Prometheus scrapes
 * (`gauge(…, collect)`, see ScrapeTimeMetrics). Made by the composition root (AppModule) so that the Apollo plugin
 * and the Nest providers share it.
 */
export class MetricsService {
  readonly registry = new Registry();
  readonly operationNames: OperationNames;

  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly graphqlDuration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly mails: Counter<'kind' | 'outcome'>;
  private readonly remindersSent: Counter<'timing'>;
  private readonly remindersDropped: Counter<'reason'>;
  private readonly reminderDelay: Histogram;

  constructor(options: { operationNames: number }) {
    this.operationNames = new OperationNames(options.operationNames);
    const registers = [this.registry];
    // Process memory, CPU, handles, GC and the event loop's lag (nodejs_eventloop_lag_seconds and its percentiles).
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'lms_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (not the raw URL) and status, until the answer is sent',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'lms_graphql_request_duration_seconds',
      help: 'GraphQL requests by operation name (the admitted names, else "other") and operation type',
      labelNames: ['operation', 'type'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'lms_errors_total',
      help: 'Errors answered, by the code of docs/API.md (each GraphQL error; each refused plain HTTP request)',
      labelNames: ['code'],
      registers,
    });
    this.mails = new Counter({
      name: 'lms_mails_total',
      help: 'E-mail attempts by kind and outcome: sent, retried (a failed attempt to be tried again), failed (for good)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.remindersSent = new Counter({
      name: 'lms_reminders_sent_total',
      help: `Session reminders sent, on time or late (over ${REMINDER_LATE_AFTER_MS / 1000} s after their moment)`,
      labelNames: ['timing'],
      registers,
    });
    this.remindersDropped = new Counter({
      name: 'lms_reminders_dropped_total',
      help: 'Reminders that fell due and were not sent, by reason (enrolment not confirmed, session moved, …)',
      labelNames: ['reason'],
      registers,
    });
    this.reminderDelay = new Histogram({
      name: 'lms_reminder_delay_seconds',
      help: 'How long after its planned moment a reminder was sent',
      buckets: REMINDER_DELAY_BUCKETS,
      registers,
    });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const m = HTTP_METHODS.has(method) ? method : 'OTHER';
    this.httpDuration.observe({ method: m, route, status: String(status) }, seconds);
  }

  observeGraphql(operation: string, type: string, seconds: number): void {
    this.graphqlDuration.observe({ operation, type }, seconds);
  }

  countError(code: unknown): void {
    this.errors.inc({ code: typeof code === 'string' && ERROR_CODES.has(code) ? code : 'OTHER' });
  }

  mailOutcome(kind: string, outcome: MailOutcome): void {
    this.mails.inc({ kind: MAIL_KINDS.has(kind) ? kind : 'OTHER', outcome });
  }

  /** A reminder went out `delayMs` after its planned moment. */
  reminderSent(delayMs: number): void {
    this.remindersSent.inc({ timing: delayMs > REMINDER_LATE_AFTER_MS ? 'late' : 'on_time' });
    this.reminderDelay.observe(Math.max(0, delayMs) / 1000);
  }

  reminderDropped(reason: string): void {
    this.remindersDropped.inc({ reason: reason.replace(/^DROPPED_/, '').toLowerCase() });
  }

  /** A gauge read when Prometheus scrapes (`collect` sets its values). */
  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }
}
