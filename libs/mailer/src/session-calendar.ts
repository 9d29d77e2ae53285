import { createEvents, type EventAttributes } from 'ics';
import type { SessionSnapshot } from '@lib/messages';
import type { MailTexts } from './mail-catalogue';
import { safeHref } from './mail-layout';
import type { Mailbox } from './mailbox';

const PRODUCT_ID = '-//Stockholm Convention Secretariat//Capacity-building LMS//EN';

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/**
 * The UID of a session's calendar entry. Every invitation, update, cancellation and feed entry about one session
 * carries the same UID, so a calendar replaces its entry instead of adding a second one.
 */
export function sessionUid(sessionId: string, publicUrl: string): string {
  return `session-${sessionId}@${new URL(publicUrl).hostname}`;
}

/** One session as a VEVENT. */
export interface SessionEvent {
  session: SessionSnapshot;
  status: 'CONFIRMED' | 'CANCELLED';
  /**
   * DTSTAMP: when the reported change happened (not when the message was built), so that of two messages about the
   * same SEQUENCE the later change wins even when the earlier one is delivered last.
   */
  stampedAt: string;
  organizer: Mailbox;
  attendee?: Mailbox;
  /** The join link; only for readers who hold a seat. */
  joinUrl?: string | null;
  texts: MailTexts;
  publicUrl: string;
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO-8601 instant: ${iso}`);
  return ms;
}

/** TEXT values may not hold control characters other than line breaks (which ics escapes). */
function calendarText(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return String(text).replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/**
 * A CN parameter. ics quotes it but turns a double quote into `\"`, which RFC 5545 does not allow anywhere in a
 * parameter value, so quotes and control characters are dropped here.
 */
function commonName(name: string, fallback: string): string {
  const clean = String(name ?? '')
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/["\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean || fallback;
}

function location(session: SessionSnapshot, texts: MailTexts, joinUrl: string | null): string {
  if (session.kind === 'WEBINAR') return joinUrl ?? texts.online;
  const parts = [session.venue, session.hostCentre?.city].filter((p): p is string => !!p && p.trim() !== '');
  return [...new Set(parts)].join(', ') || texts.online;
}

function description(session: SessionSnapshot, texts: MailTexts, joinUrl: string | null, publicUrl: string): string {
  const { labels } = texts;
  const lines = [texts.sessionKind[session.kind] ?? session.kind];
  if (session.modules.length)
    lines.push(`${labels.modules}: ${session.modules.map((m) => `${m.code} – ${m.title}`).join('; ')}`);
  if (session.hostCentre) lines.push(`${labels.hostCentre}: ${session.hostCentre.name}, ${session.hostCentre.city}`);
  if (session.region)
    lines.push(`${labels.region}: ${texts.regions[session.region as keyof MailTexts['regions']] ?? session.region}`);
  if (joinUrl) lines.push(`${labels.joinLink}: ${joinUrl}`);
  lines.push(publicUrl);
  return lines.join('\n');
}

/** ics 3.12 reads DTSTAMP from `timestamp` but its type declarations leave the attribute out. */
type EventWithStamp = EventAttributes & { timestamp: number };

function eventAttributes(e: SessionEvent, withUrl: boolean): EventWithStamp {
  const joinUrl = safeHref(e.joinUrl);
  const event: EventWithStamp = {
    uid: sessionUid(e.session.id, e.publicUrl),
    sequence: e.session.sequence,
    timestamp: instant(e.stampedAt),
    start: instant(e.session.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: instant(e.session.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: calendarText(e.session.title),
    description: calendarText(description(e.session, e.texts, joinUrl, e.publicUrl)),
    location: calendarText(location(e.session, e.texts, joinUrl)),
    status: e.status,
    organizer: { name: commonName(e.organizer.name, e.organizer.address), email: e.organizer.address },
  };
  if (withUrl && joinUrl) event.url = joinUrl;
  if (e.attendee) {
    event.attendees = [
      {
        name: commonName(e.attendee.name, e.attendee.address),
        email: e.attendee.address,
        rsvp: false,
        role: 'REQ-PARTICIPANT',
        // The seat is already taken: the invitation records it rather than asking for an answer nobody reads.
        ...(e.status === 'CONFIRMED' ? { partstat: 'ACCEPTED' as const } : {}),
      },
    ];
  }
  return event;
}

/** Folds a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character. */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * Post-processing of ics 3.12's output, which parsers tolerate but strict clients may not:
 * - it folds at 75 characters, not octets (a line of accented or Cyrillic text exceeds the limit);
 * - it quotes every parameter value, also the enumerated ROLE/PARTSTAT/CUTYPE whose grammar has no quotes;
 * - it always writes X-PUBLISHED-TTL, which only means something in a published feed.
 * The text is unfolded first; every value is already escaped, so a CRLF followed by a space or a tab is a fold.
 */
function tidy(ics: string, method: CalendarMethod): string {
  return (
    ics
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
      .filter((line) => line !== '' && (method === 'PUBLISH' || !line.startsWith('X-PUBLISHED-TTL:')))
      .map((line) =>
        line.startsWith('ATTENDEE;') ? line.replace(/;(ROLE|PARTSTAT|CUTYPE)="([A-Z-]+)"/g, ';$1=$2') : line,
      )
      .map(foldLine)
      .join('\r\n') + '\r\n'
  );
}

/**
 * A VCALENDAR of the given method holding one VEVENT per session, times in UTC.
 * ics validates URLs with a stricter pattern than browsers (no underscores in host names, no IPv6 hosts): rather
 * than losing the whole calendar part over an unusual join link, the calendar is then built without the URL
 * property (the link stays in DESCRIPTION and LOCATION).
 */
export function renderCalendar(method: CalendarMethod, events: SessionEvent[], calendarName?: string): string {
  const header = { method, productId: PRODUCT_ID, ...(calendarName ? { calName: calendarName } : {}) };
  let result = createEvents(
    events.map((e) => eventAttributes(e, true)),
    header,
  );
  if (result.error && events.some((e) => e.joinUrl)) {
    result = createEvents(
      events.map((e) => eventAttributes(e, false)),
      header,
    );
  }
  if (result.error || !result.value)
    throw new Error(`cannot build the calendar: ${result.error?.message ?? 'no output'}`);
  return tidy(result.value, method);
}
