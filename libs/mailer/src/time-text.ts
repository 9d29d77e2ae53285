import { LRUCache } from 'lru-cache';
import { DateTime, Interval } from 'luxon';

/**
 * Weekday, date and a 24-hour clock: a message read in several time zones must not leave "4:00" to be guessed as
 * morning or afternoon, so the clock is h23 in every locale.
 */
const DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/**
 * Answers remembered per process: the same few sessions, zones and languages come back in message after message (a
 * session's reminders give its times to each of its delegates), and luxon's formatting was most of the cost of
 * composing one. Past a bound each memory forgets its least recently used answer.
 */
const MAX_REMEMBERED = 2000;

function remembered(memory: LRUCache<string, string>, key: string, make: () => string): string {
  let value = memory.get(key);
  if (value === undefined) {
    value = make();
    memory.set(key, value);
  }
  return value;
}

const usableZones = new LRUCache<string, string>({ max: MAX_REMEMBERED });
const spans = new LRUCache<string, string>({ max: MAX_REMEMBERED });
const leadTimes = new LRUCache<string, string>({ max: MAX_REMEMBERED });

/** A zone the runtime's tz database knows; anything else is shown in UTC rather than breaking the whole message. */
export function usableZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  return remembered(usableZones, zone, () => (DateTime.now().setZone(zone).isValid ? zone : 'UTC'));
}

function instantIn(iso: string, zone: string, locale: string): DateTime {
  const utc = DateTime.fromISO(iso, { zone: 'utc' });
  if (!utc.isValid) throw new Error(`not an ISO-8601 instant: ${iso}`);
  return utc.setZone(zone).setLocale(locale);
}

/**
 * The short name of the zone at that instant in the reader's locale ("CEST", "GMT-4", "UTC+9"). A bare abbreviation
 * gets its offset too, because abbreviations are ambiguous (CST is US Central, China and Cuba).
 */
function offsetName(at: DateTime): string {
  const short = at.offsetNameShort ?? at.toFormat('ZZZZ');
  if (/\d/.test(short) || short === 'UTC' || short === 'GMT') return short;
  return `${short}, UTC${at.toFormat('Z')}`;
}

/**
 * A session's span in one zone, with the zone named: "Tuesday, 30 March 2027, 10:00–12:00 Europe/Zurich (CEST, UTC+2)".
 * The locale decides whether one date with two times or two full date-times is shown (a span crossing midnight in
 * that zone gets both dates). When a daylight-saving change falls inside the span both offsets are named.
 */
export function spanInZone(startsAt: string, endsAt: string, zone: string, locale: string): string {
  return remembered(spans, `${startsAt} ${endsAt} ${zone} ${locale}`, () =>
    formatSpanInZone(startsAt, endsAt, zone, locale),
  );
}

function formatSpanInZone(startsAt: string, endsAt: string, zone: string, locale: string): string {
  const tz = usableZone(zone);
  const start = instantIn(startsAt, tz, locale);
  const end = instantIn(endsAt, tz, locale);
  const range =
    end > start ? Interval.fromDateTimes(start, end).toLocaleString(DATE_TIME) : start.toLocaleString(DATE_TIME);
  const names = start.offset === end.offset ? offsetName(start) : `${offsetName(start)} → ${offsetName(end)}`;
  return `${range} ${tz} (${names})`;
}

/** The same span for the session's zone and, when it differs, for the reader's zone. */
export interface SpanForReader {
  sessionZone: string;
  /** Null when the reader lives in the session's zone: the time is said once. */
  readerZone: string | null;
}

export function spanForReader(
  span: { startsAt: string; endsAt: string },
  sessionZone: string,
  readerZone: string,
  locale: string,
): SpanForReader {
  const session = usableZone(sessionZone);
  const reader = usableZone(readerZone);
  return {
    sessionZone: spanInZone(span.startsAt, span.endsAt, session, locale),
    // Zones are compared by name, not by today's offset: Europe/Paris and Africa/Lagos share UTC+1 in winter only.
    readerZone: reader === session ? null : spanInZone(span.startsAt, span.endsAt, reader, locale),
  };
}

/**
 * "in 7 days", "dans 1 heure", "dentro de 30 segundos": a reminder's lead time in the text language, in the largest
 * unit that divides it exactly (so 36 hours stays "in 36 hours" rather than an approximate "in 2 days").
 */
export function leadTime(offsetMs: number, textLocale: string): string {
  return remembered(leadTimes, `${offsetMs} ${textLocale}`, () => formatLeadTime(offsetMs, textLocale));
}

function formatLeadTime(offsetMs: number, textLocale: string): string {
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  const format = new Intl.RelativeTimeFormat(textLocale, { numeric: 'always' });
  for (const [unit, ms] of units) {
    if (offsetMs >= ms && offsetMs % ms === 0) return format.format(offsetMs / ms, unit);
  }
  return format.format(Math.max(1, Math.round(offsetMs / 1000)), 'second');
}
