import ICAL from 'ical.js';
import type { SessionSnapshot } from '@lib/queue';
import { buildCalendarFeed } from './calendar-feed';
import { composeMail } from './compose-mail';
import { MailKind } from './mail-kinds';

const session = (change: Partial<SessionSnapshot>): SessionSnapshot => ({
  id: 's-1',
  kind: 'WEBINAR',
  title: 'Updating NIPs',
  startsAt: '2027-03-30T08:00:00.000Z',
  endsAt: '2027-03-30T10:00:00.000Z',
  timeZone: 'Europe/Zurich',
  language: 'EN',
  status: 'SCHEDULED',
  sequence: 4,
  modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
  region: null,
  venue: null,
  hostCentre: null,
  joinUrl: 'https://webinars.example.org/nip',
  ...change,
});

const ctx = {
  publicUrl: 'https://lms.example.org/',
  from: 'Stockholm Convention Capacity Building <no-reply@lms.example.org>',
  calendarName: 'My sessions – Stockholm Convention',
  generatedAt: '2027-03-15T06:00:00.000Z',
};

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
const utc = (value: unknown) => (value as ICAL.Time).toJSDate().toISOString();

describe('buildCalendarFeed', () => {
  it('publishes confirmed and cancelled sessions under the UIDs of the invitations', () => {
    const webinar = session({});
    const workshop = session({
      id: 's-2',
      kind: 'WORKSHOP',
      title: 'Africa workshop',
      startsAt: '2027-05-10T07:00:00.000Z',
      endsAt: '2027-05-12T15:00:00.000Z',
      timeZone: 'Africa/Johannesburg',
      status: 'CANCELLED',
      sequence: 7,
      region: 'AFRICA',
      venue: 'CSIR',
      hostCentre: { name: 'Africa Institute', city: 'Pretoria' },
      joinUrl: null,
    });
    const feed = buildCalendarFeed(
      [
        { session: webinar, status: 'CONFIRMED' },
        { session: workshop, status: 'CANCELLED' },
      ],
      ctx,
    );
    const calendar = parse(feed);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('My sessions – Stockholm Convention');
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);

    const invitation = composeMail(
      MailKind.ENROLMENT_CONFIRMED,
      { userId: 'u', email: 'ana@example.org', fullName: 'Ana', language: 'EN', timeZone: 'UTC', partyCode: null },
      { session: webinar, enrolment: { id: 'e', status: 'CONFIRMED', funded: false, waitlistPosition: null } },
      {
        publicUrl: 'https://lms.example.org',
        from: ctx.from,
        messageId: 'm@lms.example.org',
        occurredAt: '2027-03-01T00:00:00.000Z',
      },
    );
    const invited = parse(invitation.calendar!.content).getFirstSubcomponent('vevent')!;

    const [first, second] = events;
    expect(first.getFirstPropertyValue('uid')).toBe('session-s-1@lms.example.org');
    expect(first.getFirstPropertyValue('uid')).toBe(invited.getFirstPropertyValue('uid'));
    expect(first.getFirstPropertyValue('sequence')).toBe(4);
    expect(first.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(first.getFirstPropertyValue('url')).toBe('https://webinars.example.org/nip');
    expect(utc(first.getFirstPropertyValue('dtstart'))).toBe('2027-03-30T08:00:00.000Z');
    expect(utc(first.getFirstPropertyValue('dtstamp'))).toBe('2027-03-15T06:00:00.000Z');
    expect(String(first.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:no-reply@lms.example.org');
    expect(first.getFirstProperty('attendee')).toBeNull();

    expect(second.getFirstPropertyValue('uid')).toBe('session-s-2@lms.example.org');
    expect(second.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(second.getFirstPropertyValue('sequence')).toBe(7);
    expect(second.getFirstPropertyValue('location')).toBe('CSIR, Pretoria');
    expect(utc(second.getFirstPropertyValue('dtend'))).toBe('2027-05-12T15:00:00.000Z');
    expect(second.getFirstPropertyValue('description')).toContain('Region: Africa');
  });

  it('gives a valid empty calendar for an empty list', () => {
    const feed = buildCalendarFeed([], ctx);
    expect(feed.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const calendar = parse(feed);
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toContain('Stockholm Convention');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);
  });

  it('describes sessions in the reader’s language when given one', () => {
    const feed = buildCalendarFeed([{ session: session({}), status: 'CONFIRMED' }], { ...ctx, language: 'ES' });
    const event = parse(feed).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('description')).toContain('Seminario web (en línea)');
    expect(event.getFirstPropertyValue('description')).toContain(
      'Enlace de conexión: https://webinars.example.org/nip',
    );
  });
});
