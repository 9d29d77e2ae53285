import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { join } from 'node:path';
import { decideAttendance, presentMs, type MarkableEnrolment } from './attendance-matching';
import { readParticipantReport, ReportError } from './participant-report';
import { decodeReport } from './report-decoding';
import { detectDelimiter, readTable } from './report-table';
import { parseDateAndTime, parseDateTime, parseDuration } from './report-timestamps';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'attendance');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** The fixtures' session: 25 November 2026, 14:00-16:00 in Zurich (13:00-15:00 UTC). */
const ctx = {
  timeZone: 'Europe/Zurich',
  scheduledStart: new Date('2026-11-25T13:00:00Z'),
  scheduledEnd: new Date('2026-11-25T15:00:00Z'),
};
const schedule = { startMs: ctx.scheduledStart.getTime(), endMs: ctx.scheduledEnd.getTime(), minShare: 0.75 };

const enrolled = (name: string, email: string, status = 'CONFIRMED'): MarkableEnrolment => ({
  enrolmentId: `enr-${email}`,
  delegateId: `del-${email}`,
  fullName: name,
  email,
  status,
});
const ENROLMENTS = [
  enrolled('Amina Diallo', 'amina.diallo@example.org'),
  enrolled('Carlos Mendoza', 'carlos.mendoza@example.org'),
  enrolled('Li Wei', 'li.wei@example.org', 'ATTENDED'),
  enrolled('Fatou Ndiaye', 'fatou.ndiaye@example.org'),
  enrolled('Jean Dupont', 'jean.dupont@example.org'),
  enrolled('Olga Petrova', 'olga.petrova@example.org'),
];

const errorOf = async (fn: () => unknown): Promise<ReportError> => {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ReportError) return e;
    throw e;
  }
  throw new Error('no ReportError');
};
const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('participant reports', () => {
  it.each([
    ['zoom-participants.csv', 'ZOOM', 'Zoom participant report with meeting data'],
    ['teams-attendance-report.csv', 'TEAMS', 'Teams attendance report (In-Meeting Activities)'],
    ['webex-attendees.csv', 'WEBEX', 'Webex Meetings attendee report'],
  ])('reads %s as %s and decides the same attendance', async (file, format, layout) => {
    const report = await readParticipantReport(fixture(file), ctx);
    expect(report.format).toBe(format);
    expect(report.layout).toBe(layout);
    const d = decideAttendance(report.presences, ENROLMENTS, schedule);
    expect(d.scheduledMinutes).toBe(120);
    expect(d.thresholdMinutes).toBe(90);
    const summary = (rows: { fullName: string; matchedBy: string; minutes: number; newStatus: string }[]) =>
      rows.map((r) => [r.fullName, r.matchedBy, Math.floor(r.minutes), r.newStatus]);
    // Amina's two joins overlap and run past both ends: the whole 120 minutes; Jean's two touch: 105.
    expect(summary(d.attended)).toEqual([
      ['Amina Diallo', 'EMAIL', 120, 'ATTENDED'],
      ['Carlos Mendoza', 'EMAIL', 108, 'ATTENDED'],
      ['Fatou Ndiaye', 'NAME', 110, 'ATTENDED'],
      ['Jean Dupont', 'EMAIL', 105, 'ATTENDED'],
    ]);
    expect(summary(d.belowThreshold)).toEqual([['Li Wei', 'EMAIL', 50, 'NO_SHOW']]);
    expect(d.belowThreshold[0].currentStatus).toBe('ATTENDED');
    expect(d.absent.map((a) => a.fullName)).toEqual(['Olga Petrova']);
    expect(d.unmatched.map((u) => [u.name.replace(/ \(External\)$/, ''), u.email])).toEqual([
      ['Webinar Host', 'host@secretariat.example.org'],
      ['Guest Observer', 'guest@ngo.example.net'],
      ['=HYPERLINK("http://evil.example/","click")', null],
    ]);
    expect(d.unmatched[2].minutes).toBe(100);
  });

  it('decodes UTF-8 with and without a BOM and UTF-16 in both byte orders', async () => {
    const text = 'Name,Email\nÉloïse,e@x.org\n';
    expect(decodeReport(utf8(text)).text).toBe(text);
    expect(decodeReport(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])).text).toBe(text);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeReport(le)).toEqual({ text, encoding: 'UTF-16LE' });
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    expect(decodeReport(be)).toEqual({ text, encoding: 'UTF-16BE' });
  });

  it('refuses empty files, a BOM alone, Latin-1, binary and UTF-16 without its BOM, naming the line', async () => {
    expect((await errorOf(() => decodeReport(Buffer.alloc(0)))).message).toBe('line 1: the file is empty');
    expect((await errorOf(() => decodeReport(Buffer.from([0xef, 0xbb, 0xbf])))).message).toMatch(
      /^line 1: the file is empty/,
    );
    expect((await errorOf(() => decodeReport(Buffer.from([0xff, 0xfe])))).message).toMatch(
      /^line 1: the file is empty/,
    );
    expect((await errorOf(() => decodeReport(utf8('\r\n \n')))).message).toMatch(/^line 1: the file is empty/);
    const latin1 = Buffer.from('Name,Email\nAmina,a@x.org\nEl\xe9onore,e@x.org\n', 'latin1');
    expect((await errorOf(() => decodeReport(latin1))).message).toMatch(/^line 3: not UTF-8 \(byte E9 at offset 27\)/);
    const binary = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x0a, 0x00, 0x01, 0x02]);
    expect((await errorOf(() => decodeReport(binary))).message).toMatch(
      /^line 2: the file is not text in UTF-8 or UTF-16/,
    );
    const bareUtf16 = Buffer.from('Name,Email\n', 'utf16le');
    expect((await errorOf(() => decodeReport(bareUtf16))).message).toMatch(
      /^line 1: the file is not text in UTF-8 or UTF-16/,
    );
    expect((await errorOf(() => decodeReport(Buffer.from([0xff, 0xfe, 0x41])))).message).toMatch(/odd number of bytes/);
  });

  it('detects commas, tabs and semicolons and reports a quote never closed with its line', async () => {
    expect(detectDelimiter('a,b\n1,2')).toBe(',');
    expect(detectDelimiter('Name\tFirst Join, Last\n')).toBe('\t');
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect((await readTable('a,b\n\n"x\ny",2\n')).map((r) => r.line)).toEqual([1, 3]);
    expect((await errorOf(() => readTable('a,b\n1,2\n"open,3\n4,5\n'))).message).toMatch(
      /^line 3: malformed CSV record \(a quoted cell is never closed; noticed at line 4\)$/,
    );
  });

  it('reads a table larger than one parsing step whole, with its line numbers, quoted line breaks included', async () => {
    const lines = ['Name,Note'];
    for (let i = 0; i < 40_000; i++) lines.push(i % 1000 === 7 ? `"P${i}","two\nlines"` : `P${i},note ${i}`);
    const rows = await readTable(lines.join('\r\n'));
    expect(rows).toHaveLength(40_001);
    expect(rows[8]).toEqual({ line: 9, cells: ['P7', 'two\nlines'] });
    expect(rows[9].line).toBe(11);
    expect(rows[40_000]).toEqual({ line: 40_041, cells: ['P39999', 'note 39999'] });
  });

  it('reads the tools’ date-times in the session’s zone unless they carry an offset', async () => {
    const zone = 'Europe/Zurich';
    expect(parseDateTime('12/16/2026 01:02:03 PM', zone)?.toISOString()).toBe('2026-12-16T12:02:03.000Z');
    expect(parseDateTime('11/25/26, 2:00:00\u202fPM', zone)?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(parseDateTime('2026-11-25T14:00:00Z', zone)?.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(parseDateTime('2026-11-25 14:00:00', zone)?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(parseDateTime('25/11/2026 14:00', zone)?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(parseDateTime('11/25/2026 2:00 PM GMT+05:30', zone)?.toISOString()).toBe('2026-11-25T08:30:00.000Z');
    expect(parseDateAndTime('11/25/2026', '2:00 PM', zone)?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(parseDateTime('yesterday', zone)).toBeNull();
    expect(parseDateTime('13/13/2026 10:00', zone)).toBeNull();
    expect(parseDuration('1h 2m 3s')).toBe(3_723_000);
    expect(parseDuration('62 mins')).toBe(3_720_000);
    expect(parseDuration('01:02:03')).toBe(3_723_000);
    expect(parseDuration('soon')).toBeNull();
  });

  it('reads numeric date-times as Luxon does, across daylight-saving changes and in any zone', async () => {
    const zones = ['Europe/Zurich', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
    const formats = ['M/d/yyyy h:mm:ss a', 'M/d/yy, h:mm:ss a', 'yyyy-MM-dd HH:mm:ss', 'd.M.yyyy H:mm:ss'];
    let compared = 0;
    for (const zone of zones) {
      for (const from of [
        '2026-03-07T00:00:00Z',
        '2026-03-28T12:00:00Z',
        '2026-10-03T12:00:00Z',
        '2026-10-24T12:00:00Z',
      ]) {
        for (let minutes = 0; minutes < 3 * 24 * 60; minutes += 37) {
          const wall = DateTime.fromISO(from, { zone }).plus({ minutes });
          for (const format of formats) {
            const text = wall.toFormat(format, { locale: 'en-US' });
            const expected = DateTime.fromFormat(text, format, { zone, locale: 'en-US' }).toMillis();
            expect([zone, text, parseDateTime(text, zone)?.getTime()]).toEqual([zone, text, expected]);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(5 * 4 * 117 * 4);
  });

  it('merges overlapping and touching stretches once, clipped to the schedule', async () => {
    const m = (a: number, b: number) => ({ startMs: a * 60_000, endMs: b * 60_000 });
    expect(presentMs([m(0, 30), m(20, 50), m(50, 60), m(100, 130)], 10 * 60_000, 120 * 60_000) / 60_000).toBe(70);
    expect(presentMs([], 0, 10)).toBe(0);
    expect(presentMs([m(-10, -5)], 0, 10)).toBe(0);
  });

  it('matches by name only without an e-mail and only one delegate of that name', async () => {
    const p = (name: string, email: string | null) => ({
      lines: [2],
      name,
      email,
      startMs: schedule.startMs,
      endMs: schedule.endMs,
    });
    const twins = [
      enrolled('Ana Silva', 'a1@x.org'),
      enrolled('ana  silva', 'a2@x.org'),
      enrolled('Bo Li', 'bo@x.org'),
    ];
    const d = decideAttendance([p('Ana Silva', null), p('BO LI', null), p('Bo Li', 'other@x.org')], twins, schedule);
    expect(d.attended.map((r) => [r.fullName, r.matchedBy])).toEqual([['Bo Li', 'NAME']]);
    expect(d.unmatched.map((u) => u.email)).toEqual([null, 'other@x.org']);
  });

  it('names the line of a bad timestamp, a leave before its join and an unknown header', async () => {
    const zoom = (row: string) =>
      utf8(
        `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n` +
          `A,a@x.org,11/25/2026 02:00:00 PM,11/25/2026 03:00:00 PM,60,No\n${row}\n`,
      );
    expect(
      (
        await errorOf(() =>
          readParticipantReport(zoom('B,b@x.org,11/25/2026 25:00:00,11/25/2026 03:00:00 PM,1,No'), ctx),
        )
      ).message,
    ).toBe(
      'line 3: Join Time "11/25/2026 25:00:00" is not a date and time (expected e.g. 12/16/2026 01:02:03 PM or 2026-12-16T13:02:03Z)',
    );
    expect(
      (
        await errorOf(() =>
          readParticipantReport(zoom('B,b@x.org,11/25/2026 03:00:00 PM,11/25/2026 02:00:00 PM,1,No'), ctx),
        )
      ).message,
    ).toBe('line 3: Leave Time 11/25/2026 02:00:00 PM is before Join Time 11/25/2026 03:00:00 PM');
    expect((await errorOf(() => readParticipantReport(utf8('id,score\n1,2\n'), ctx))).message).toMatch(
      /^line 1: not a Zoom, Teams or Webex participant report \(expected a header with "Name \(Original Name\)"/,
    );
  });

  it('spends no quadratic time on hostile cells: 60,000 parentheses as a name, 30,000-character times', async () => {
    const name = '('.repeat(60_000) + 'x';
    const time = '1 '.repeat(15_000) + 'GMT';
    const text = `Name,Email,Join Time,Leave Time\n"${name}",,11/25/2026 2:00 PM,11/25/2026 3:00 PM\nB,b@x.org,${time},${time}\n`;
    const error = await errorOf(() => readParticipantReport(utf8(text), ctx));
    expect(error.message).toMatch(/^line 3: Join Time "1 1 1 1 /);
    const d = decideAttendance(
      [{ lines: [2], name, email: null, startMs: schedule.startMs, endMs: schedule.endMs }],
      ENROLMENTS,
      schedule,
    );
    expect(d.unmatched).toHaveLength(1);
  });

  it('reads Teams’ older attendance list (Full Name, User Action, Timestamp), pairing joins and leaves', async () => {
    const text =
      'Full Name\tUser Action\tTimestamp\n' +
      'Amina Diallo\tJoined\t11/25/2026, 1:58:00 PM\n' +
      'Li Wei\tJoined before\t11/25/2026, 2:00:00 PM\n' +
      'Amina Diallo\tLeft\t11/25/2026, 2:30:00 PM\n' +
      'Amina Diallo\tJoined\t11/25/2026, 2:40:00 PM\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const report = await readParticipantReport(bytes, ctx);
    expect(report.format).toBe('TEAMS');
    const d = decideAttendance(report.presences, ENROLMENTS, schedule);
    // Amina: 14:00-14:30, then 14:40 with no leave (to the scheduled end); Li Wei joined before the start, never left.
    expect(d.attended.map((r) => [r.fullName, r.minutes])).toEqual([
      ['Amina Diallo', 110],
      ['Li Wei', 120],
    ]);
  });
});
