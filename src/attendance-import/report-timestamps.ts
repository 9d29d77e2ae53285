import { DateTime, IANAZone } from 'luxon';

/**
 * Date-times as the webinar tools write them (in the account's or the viewer's locale), read in the session's time
 * zone unless they carry an offset (ISO 8601 with `Z` or `+01:00`). Month-first forms are tried before day-first ones:
 * `03/04/2026` is 4 March (the tools' default US English export); `25/11/2026` can only be day-first.
 */
const DATE_TIME_FORMATS = [
  // Zoom (12/16/2026 01:02:03 PM), Webex (11/25/2026 2:00 PM), Teams (11/25/26, 2:00:00 PM)
  'M/d/yyyy h:mm:ss a',
  'M/d/yyyy h:mm a',
  'M/d/yyyy, h:mm:ss a',
  'M/d/yyyy, h:mm a',
  'M/d/yy, h:mm:ss a',
  'M/d/yy h:mm:ss a',
  'M/d/yy, h:mm a',
  'M/d/yy h:mm a',
  'M/d/yyyy H:mm:ss',
  'M/d/yyyy H:mm',
  'M/d/yyyy, H:mm:ss',
  'M/d/yyyy, H:mm',
  'd/M/yyyy H:mm:ss',
  'd/M/yyyy H:mm',
  'd/M/yyyy, H:mm:ss',
  'd/M/yyyy, H:mm',
  'd/M/yy, H:mm:ss',
  'd.M.yyyy H:mm:ss',
  'd.M.yyyy H:mm',
  'd.M.yyyy, H:mm:ss',
  'd.M.yyyy, H:mm',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd h:mm:ss a',
  'yyyy-MM-dd h:mm a',
  'yyyy/MM/dd HH:mm:ss',
  'yyyy/MM/dd HH:mm',
  'MMM d, yyyy h:mm:ss a',
  'MMM d, yyyy h:mm a',
  'MMM d, yyyy HH:mm:ss',
  'MMM d, yyyy HH:mm',
  'd MMM yyyy HH:mm:ss',
  'd MMM yyyy HH:mm',
];

/** Longer cells are no date-time (and no regular expression spends time on them). */
const MAX_DATE_TIME_CHARS = 100;

const TIME_FORMATS = ['h:mm:ss a', 'h:mm a', 'H:mm:ss', 'H:mm'];
const DATE_FORMATS = [
  'M/d/yyyy',
  'M/d/yy',
  'd/M/yyyy',
  'd.M.yyyy',
  'yyyy-MM-dd',
  'yyyy/MM/dd',
  'MMM d, yyyy',
  'd MMM yyyy',
];

const normalise = (s: string) =>
  s
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\b(a\.?m\.?|p\.?m\.?)$/i, (m) => m.replace(/\./g, '').toUpperCase())
    .trim();

/** The instant a cell names, or null when it is no date-time the tools write. */
export function parseDateTime(raw: string, zone: string): Date | null {
  if (raw.length > MAX_DATE_TIME_CHARS) return null;
  const text = normalise(raw);
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const iso = DateTime.fromISO(text, { zone });
    return iso.isValid ? iso.toJSDate() : null;
  }
  // An offset or zone name written after the time (Webex: "11/25/2026 2:00 PM GMT+01:00"), else the session's zone.
  const withOffset = /^(.*?)\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  const utc = /^(.*?)\s*(?:GMT|UTC|Z)$/i.exec(text);
  let body = text;
  let useZone = zone;
  if (withOffset) {
    body = withOffset[1];
    useZone = `UTC${withOffset[2]}${Number(withOffset[3])}${withOffset[4] && withOffset[4] !== '00' ? `:${withOffset[4]}` : ''}`;
  } else if (utc) {
    body = utc[1];
    useZone = 'UTC';
  }
  const fast = numericDateTime(body, useZone);
  if (fast !== undefined) return fast;
  for (const format of DATE_TIME_FORMATS) {
    const d = DateTime.fromFormat(body, format, { zone: useZone, locale: 'en-US' });
    if (d.isValid) return d.toJSDate();
  }
  return null;
}

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const YEAR_FIRST = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?$/;

/**
 * The numeric forms of DATE_TIME_FORMATS read without Luxon's format parser (about 90 µs a cell on a busy machine: a
 * 10 MB report held the event loop for seconds): `M/d/yyyy` (else `d/M/yyyy`), `d.M.yyyy`, `yyyy-MM-dd`, with a
 * 12- or 24-hour time. Null when the numbers name no such moment; undefined when the text has none of these shapes.
 */
function numericDateTime(text: string, zone: string): Date | null | undefined {
  let m = SLASHED.exec(text);
  if (m) {
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const [a, b] = [Number(m[1]), Number(m[2])];
    return wallTime(zone, year, a, b, m[4], m[5], m[6], m[7]) ?? wallTime(zone, year, b, a, m[4], m[5], m[6], m[7]);
  }
  m = DOTTED.exec(text);
  if (m) return wallTime(zone, Number(m[3]), Number(m[2]), Number(m[1]), m[4], m[5], m[6], undefined);
  m = YEAR_FIRST.exec(text);
  if (m) return wallTime(zone, Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7]);
  return undefined;
}

/** The instant of a wall-clock time in a zone, or null when the fields name none (month 13, 2:00 PM written 14:00 PM). */
function wallTime(
  zone: string,
  year: number,
  month: number,
  day: number,
  hourText: string,
  minuteText: string,
  secondText: string | undefined,
  meridiem: string | undefined,
): Date | null {
  let hour = Number(hourText);
  const [minute, second] = [Number(minuteText), Number(secondText ?? 0)];
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const offset = zoneOffset(zone);
  if (!offset) return null;
  // Luxon's own way from a local time to an instant, DST gaps and overlaps included (objToTS / fixOffset).
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const o = offset(local);
  let utc = local - o * 60_000;
  const o2 = offset(utc);
  if (o2 === o) return new Date(utc);
  utc -= (o2 - o) * 60_000;
  const o3 = offset(utc);
  return new Date(o2 === o3 ? utc : local - Math.min(o2, o3) * 60_000);
}

const offsetCache = new Map<string, (ms: number) => number>();

/** The zone's offset in minutes at an instant, remembered by quarter hour (offsets change on quarter hours at most). */
function zoneOffset(zone: string): ((ms: number) => number) | null {
  const known = offsetCache.get(zone);
  if (known) return known;
  const fixed = /^UTC(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(zone);
  let fn: (ms: number) => number;
  if (fixed) {
    const minutes = fixed[1] ? (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) : 0;
    fn = () => minutes;
  } else {
    const iana = IANAZone.create(zone);
    if (!iana.isValid) return null;
    const byQuarter = new Map<number, number>();
    fn = (ms) => {
      const quarter = Math.floor(ms / 900_000);
      let value = byQuarter.get(quarter);
      if (value === undefined) {
        if (byQuarter.size > 50_000) byQuarter.clear();
        value = iana.offset(quarter * 900_000);
        byQuarter.set(quarter, value);
      }
      return value;
    };
  }
  if (offsetCache.size > 100) offsetCache.clear();
  offsetCache.set(zone, fn);
  return fn;
}

/** A time of day alone (Webex writes the date in its own column): the date cell and the time cell together. */
export function parseDateAndTime(dateRaw: string, timeRaw: string, zone: string): Date | null {
  if (dateRaw.length > MAX_DATE_TIME_CHARS || timeRaw.length > MAX_DATE_TIME_CHARS) return null;
  const date = normalise(dateRaw);
  const time = normalise(timeRaw);
  if (/^\d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?$/.test(time)) {
    const combined = parseDateTime(`${date} ${time}`, zone);
    if (combined) return combined;
  } else {
    const full = parseDateTime(timeRaw, zone);
    if (full) return full;
  }
  for (const df of DATE_FORMATS) {
    for (const tf of TIME_FORMATS) {
      const d = DateTime.fromFormat(`${date} ${time}`, `${df} ${tf}`, { zone, locale: 'en-US' });
      if (d.isValid) return d.toJSDate();
    }
  }
  return null;
}

/**
 * A duration as the tools write it, in milliseconds: minutes (`62`, `62 mins`), `1h 2m 3s` (Teams), `01:02:03`
 * or `62:03`; null when it is none of these.
 */
export function parseDuration(raw: string): number | null {
  if (raw.length > MAX_DATE_TIME_CHARS) return null;
  const text = normalise(raw).toLowerCase();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 60_000);
  const clock = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (clock) {
    const [h, m, s] = clock[3] !== undefined ? [clock[1], clock[2], clock[3]] : ['0', clock[1], clock[2]];
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  }
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b/g)];
  if (
    !parts.length ||
    parts
      .map((p) => p[0])
      .join(' ')
      .replace(/\s+/g, '') !== text.replace(/\s+/g, '')
  )
    return null;
  return parts.reduce(
    (ms, [, n, unit]) => ms + Number(n) * (unit.startsWith('h') ? 3_600_000 : unit.startsWith('m') ? 60_000 : 1000),
    0,
  );
}
