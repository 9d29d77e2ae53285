import type { DataSource } from 'typeorm';
import { MailKind } from '@lib/mailer';
import { QueueName, type MailRequest, type SessionSnapshot } from '@lib/queue';
import type { AppConfig } from '../config/config';
import { FixedClock } from '../clock/clock';
import { MetricsService } from '../metrics/metrics.service';
import type { DeliveryAttempt, MailDeliveryService } from './mail-delivery.service';
import { RemindersService } from './reminders.service';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const START = '2030-03-04T09:00:00.000Z';
const start = Date.parse(START);
const ENROLMENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const session: SessionSnapshot = {
  id: '16fd2706-8baf-433b-82eb-8c7fada847da',
  kind: 'WEBINAR',
  title: 'Updating the NIP',
  startsAt: START,
  endsAt: '2030-03-04T11:00:00.000Z',
  timeZone: 'Europe/Zurich',
  language: 'en',
  status: 'SCHEDULED',
  sequence: 0,
  modules: [{ code: 'NIP', title: 'National implementation plans' }],
  region: null,
  venue: null,
  hostCentre: null,
  joinUrl: 'https://meet.example.org/nip',
};
const delegate = {
  id: '9b2f3c1e-5d4a-4e6b-8c7d-0a1b2c3d4e5f',
  email: 'awa@example.org',
  fullName: 'Awa Ndiaye',
  language: 'fr',
  timeZone: 'Africa/Dakar',
  partyCode: 'SEN',
  disabledAt: null,
};

/**
 * The service with its facts handed in instead of read from PostgreSQL (the one statement that reads them is not
 * what is tested here), a mail ledger that records what it is asked to send, and a database that must not be touched.
 */
class RemindersWithFacts extends RemindersService {
  readonly asked: string[] = [];
  protected override factsOf(enrolmentId: string) {
    this.asked.push(enrolmentId);
    return Promise.resolve({ enrolmentStatus: 'CONFIRMED', session, delegate } as any);
  }
}

const untouchable = new Proxy({} as DataSource, {
  get: (_target, name) => {
    throw new Error(`a unit test reads no database (DataSource.${String(name)})`);
  },
});

function setUp() {
  const clock = new FixedClock(new Date(start - 2 * DAY));
  const sent: { key: string; request: MailRequest; attempt: DeliveryAttempt }[] = [];
  const delivery = {
    deliver: (key: string, request: MailRequest, attempt: DeliveryAttempt) => {
      sent.push({ key, request, attempt });
      return Promise.resolve('SENT' as const);
    },
  } as unknown as MailDeliveryService;
  const config = { reminderOffsetsMs: [7 * DAY, DAY, HOUR] } as AppConfig;
  const metrics = new MetricsService({ operationNames: 0 });
  const service = new RemindersWithFacts(config, untouchable, delivery, clock, metrics);
  return { clock, sent, service, metrics };
}

const attempt = { attemptsMade: 0, maxAttempts: 5 };
const dayBefore = { enrolmentId: ENROLMENT, sessionId: session.id, startsAt: START, offsetMs: DAY };

describe('RemindersService.send', () => {
  it('decides at the injected clock’s time, not the wall clock’s', async () => {
    const { clock, sent, service } = setUp();
    // Two days before: the 1-day reminder is early, yet no rule looks at that (the queue delays it); it goes out.
    expect(await service.send('k1', dayBefore, attempt)).toBe('SENT');
    // At the 1-hour moment it is superseded, at the start it is too late; the wall clock (years earlier) would send.
    clock.set(new Date(start - HOUR));
    expect(await service.send('k2', dayBefore, attempt)).toBe('DROPPED_SUPERSEDED');
    clock.set(new Date(start));
    expect(await service.send('k3', dayBefore, attempt)).toBe('DROPPED_STARTED');
    expect(sent.map((s) => s.key)).toEqual(['k1']);
    expect(service.asked).toEqual([ENROLMENT, ENROLMENT, ENROLMENT]);
  });

  it('sends an overdue reminder through the mail ledger, dated at its planned moment', async () => {
    const { clock, sent, service } = setUp();
    clock.set(new Date(start - DAY + 5 * 60_000)); // five minutes late, while no worker ran
    expect(await service.send('SESSION_REMINDER.x', dayBefore, attempt)).toBe('SENT');
    expect(sent).toEqual([
      {
        key: 'SESSION_REMINDER.x',
        request: {
          kind: MailKind.SESSION_REMINDER,
          to: {
            userId: delegate.id,
            email: delegate.email,
            fullName: delegate.fullName,
            language: delegate.language,
            timeZone: delegate.timeZone,
            partyCode: delegate.partyCode,
          },
          data: { session, offsetMs: DAY },
          occurredAt: new Date(start - DAY).toISOString(),
        },
        attempt: { queue: QueueName.REMINDERS, ...attempt },
      },
    ]);
  });

  it('counts reminders sent on time, sent late and dropped, for /metrics', async () => {
    const { clock, service, metrics } = setUp();
    clock.set(new Date(start - DAY + 1000)); // a second after its moment
    await service.send('on-time', dayBefore, attempt);
    clock.set(new Date(start - DAY + 5 * 60_000)); // five minutes after
    await service.send('late', dayBefore, attempt);
    clock.set(new Date(start));
    await service.send('too-late', dayBefore, attempt);
    const text = await metrics.registry.metrics();
    expect(text).toContain('lms_reminders_sent_total{timing="on_time"} 1');
    expect(text).toContain('lms_reminders_sent_total{timing="late"} 1');
    expect(text).toContain('lms_reminders_dropped_total{reason="started"} 1');
    expect(text).toContain('lms_reminder_delay_seconds_count 2');
    expect(text).toContain('lms_reminder_delay_seconds_bucket{le="300"} 2');
    expect(text).toContain('lms_reminder_delay_seconds_bucket{le="60"} 1');
  });

  it('takes an explicit moment over the clock', async () => {
    const { sent, service } = setUp();
    expect(await service.send('k', dayBefore, attempt, start + 1)).toBe('DROPPED_STARTED');
    expect(sent).toHaveLength(0);
  });
});
