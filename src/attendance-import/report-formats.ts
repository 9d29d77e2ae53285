import { ReportError } from './report-decoding';
import type { ReportRow } from './report-table';
import { parseDateAndTime, parseDateTime, parseDuration } from './report-timestamps';

export type ReportFormat = 'ZOOM' | 'TEAMS' | 'WEBEX';

/** One stretch of presence of one participant, as one row (or, in Teams' old log, one join and its leave) says. */
export interface Presence {
  /** The lines of the file it comes from. */
  lines: number[];
  name: string;
  /** Null when the report has none for the row (a guest, a phone caller). */
  email: string | null;
  startMs: number;
  endMs: number;
  /** The report's own total for the row when it has only a first join and a last leave (Teams' participants list). */
  maxMs?: number;
}

export interface ParsedReport {
  format: ReportFormat;
  /** Which of the vendor's layouts (documented in docs/API.md). */
  layout: string;
  presences: Presence[];
}

/** What reading a report needs from its session: the zone of times without an offset, and the scheduled end. */
export interface ReportContext {
  timeZone: string;
  scheduledStart: Date;
  scheduledEnd: Date;
}

const key = (cell: string) => cell.toLowerCase().replace(/\s+/g, ' ').trim();
const isSectionTitle = (row: ReportRow) => /^\d+\.\s*\S/.test(row.cells[0]) && row.cells.slice(1).every((c) => !c);

const EXPECTED =
  'not a Zoom, Teams or Webex participant report (expected a header with "Name (Original Name)", "User Email", ' +
  '"Join Time", "Leave Time" as Zoom writes it; "1. Summary" then "2. Participants", or "Full Name", "User Action", ' +
  '"Timestamp" as Teams writes it; or "Name", "Email", "Join Time", "Leave Time" as Webex writes it)';

/** Recognises the layout from the report's first record (never from the file's name) and reads every presence. */
export function parseParticipantReport(rows: ReportRow[], ctx: ReportContext): ParsedReport {
  if (!rows.length) throw new ReportError(1, 'the file is empty (no records)');
  const first = rows[0];
  const head = new Set(first.cells.map(key));
  const has = (...names: string[]) => names.every((n) => head.has(n));

  if (/^(1\.\s*)?(meeting )?summary$/i.test(first.cells[0]) && first.cells.slice(1).every((c) => !c)) {
    return teamsWithSummary(rows, ctx);
  }
  if (has('full name', 'user action', 'timestamp')) return teamsLog(rows, ctx);
  if (
    has('meeting id', 'topic') ||
    head.has('name (original name)') ||
    has('user email', 'join time', 'leave time', 'duration (minutes)')
  ) {
    return zoom(rows, ctx);
  }
  if ((head.has('attendee name') || head.has('attendee email')) && has('join time', 'leave time')) {
    return {
      format: 'WEBEX',
      layout: 'Webex Webinars attendee report',
      presences: table(rows, 0, rows.length, ctx, WEBEX_COLUMNS),
    };
  }
  if ((head.has('name') || head.has('participant name')) && has('email', 'join time', 'leave time')) {
    return {
      format: 'WEBEX',
      layout: 'Webex Meetings attendee report',
      presences: table(rows, 0, rows.length, ctx, WEBEX_COLUMNS),
    };
  }
  throw new ReportError(first.line, EXPECTED);
}

interface Columns {
  name: string[];
  email: string[];
  join: string[];
  leave: string[];
  date?: string[];
  duration?: string[];
}

const ZOOM_COLUMNS: Columns = {
  name: ['name (original name)', 'name', 'participant'],
  email: ['user email', 'email'],
  join: ['join time'],
  leave: ['leave time'],
};
const WEBEX_COLUMNS: Columns = {
  name: ['attendee name', 'participant name', 'name'],
  email: ['attendee email', 'participant email', 'email'],
  join: ['join time'],
  leave: ['leave time'],
  date: ['date'],
};
const TEAMS_ACTIVITY_COLUMNS: Columns = {
  name: ['name', 'full name'],
  email: ['email', 'participant id (upn)'],
  join: ['join time'],
  leave: ['leave time'],
};
const TEAMS_PARTICIPANT_COLUMNS: Columns = {
  name: ['name', 'full name'],
  email: ['email', 'participant id (upn)'],
  join: ['first join', 'first join time'],
  leave: ['last leave', 'last leave time'],
  duration: ['in-meeting duration', 'duration'],
};

/** Zoom's participant report: an optional meeting block (Meeting ID, Topic, Start Time…), then one row per join. */
function zoom(rows: ReportRow[], ctx: ReportContext): ParsedReport {
  const header = rows.findIndex((r) => {
    const h = new Set(r.cells.map(key));
    return h.has('join time') && h.has('leave time');
  });
  if (header < 0)
    throw new ReportError(
      rows[0].line,
      `${EXPECTED}: no participant header with "Join Time" and "Leave Time" below the meeting block`,
    );
  return {
    format: 'ZOOM',
    layout: header === 0 ? 'Zoom participant report' : 'Zoom participant report with meeting data',
    presences: table(rows, header, rows.length, ctx, ZOOM_COLUMNS),
  };
}

/**
 * Teams' attendance report since 2023: "1. Summary" (Meeting title, Attended participants, Start time, End time…),
 * "2. Participants" (one row per person: First Join, Last Leave, In-Meeting Duration, Email, Participant ID (UPN),
 * Role) and "3. In-Meeting Activities" (one row per join: Join Time, Leave Time, Duration, Email, Role). The
 * activities give each join and leave; without them, a person's first join to last leave, capped at their duration.
 */
function teamsWithSummary(rows: ReportRow[], ctx: ReportContext): ParsedReport {
  const sections = rows.map((r, i) => (isSectionTitle(r) || i === 0 ? i : -1)).filter((i) => i >= 0);
  const sectionEnd = (start: number) => sections.find((s) => s > start) ?? rows.length;
  const headerWith = (...names: string[]) =>
    rows.findIndex((r, i) => i > 0 && names.every((n) => r.cells.map(key).includes(n)));
  const activities = headerWith('join time', 'leave time');
  if (activities > 0) {
    return {
      format: 'TEAMS',
      layout: 'Teams attendance report (In-Meeting Activities)',
      presences: table(rows, activities, sectionEnd(activities), ctx, TEAMS_ACTIVITY_COLUMNS),
    };
  }
  const participants = headerWith('first join', 'last leave');
  if (participants > 0) {
    return {
      format: 'TEAMS',
      layout: 'Teams attendance report (Participants)',
      presences: table(rows, participants, sectionEnd(participants), ctx, TEAMS_PARTICIPANT_COLUMNS),
    };
  }
  throw new ReportError(
    rows[0].line,
    'a Teams attendance report without its participants: expected "2. Participants" with "Name", "First Join", ' +
      '"Last Leave" or "3. In-Meeting Activities" with "Join Time", "Leave Time"',
  );
}

/** Reads the rows below a header: one presence per row with a name or an e-mail. */
function table(rows: ReportRow[], headerIndex: number, end: number, ctx: ReportContext, columns: Columns): Presence[] {
  const header = rows[headerIndex];
  const names = header.cells.map(key);
  const find = (candidates: string[] | undefined) => {
    for (const c of candidates ?? []) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  const col = {
    name: find(columns.name),
    email: find(columns.email),
    join: find(columns.join),
    leave: find(columns.leave),
    date: find(columns.date),
    duration: find(columns.duration),
  };
  const label = (i: number) => header.cells[i];
  if (col.name < 0 && col.email < 0) {
    throw new ReportError(
      header.line,
      `the header has neither a name nor an e-mail column (${columns.name[0]}, ${columns.email[0]})`,
    );
  }
  const presences: Presence[] = [];
  for (let r = headerIndex + 1; r < end; r++) {
    const row = rows[r];
    if (isSectionTitle(row)) break;
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '') : '');
    const name = cell(col.name);
    const email = emailOf(cell(col.email));
    if (!name && !email) continue;
    const time = (i: number) => {
      const raw = cell(i);
      if (!raw) throw new ReportError(row.line, `${label(i)} is empty`);
      const at = col.date >= 0 ? parseDateAndTime(cell(col.date), raw, ctx.timeZone) : parseDateTime(raw, ctx.timeZone);
      if (!at) {
        throw new ReportError(
          row.line,
          `${label(i)} "${raw.slice(0, 40)}" is not a date and time (expected e.g. 12/16/2026 01:02:03 PM or 2026-12-16T13:02:03Z)`,
        );
      }
      return at.getTime();
    };
    const startMs = time(col.join);
    const endMs = time(col.leave);
    if (endMs < startMs) {
      throw new ReportError(
        row.line,
        `${label(col.leave)} ${cell(col.leave)} is before ${label(col.join)} ${cell(col.join)}`,
      );
    }
    const presence: Presence = { lines: [row.line], name: name || email || '', email, startMs, endMs };
    if (col.duration >= 0 && cell(col.duration)) {
      const ms = parseDuration(cell(col.duration));
      if (ms === null)
        throw new ReportError(
          row.line,
          `${label(col.duration)} "${cell(col.duration).slice(0, 40)}" is not a duration`,
        );
      presence.maxMs = ms;
    }
    presences.push(presence);
  }
  return presences;
}

/**
 * Teams' attendance list before 2021-2022: "Full Name, User Action, Timestamp", one row per Joined / Left. Each join
 * is paired with the person's next leave; a join never followed by a leave lasts to the scheduled end, a leave with
 * no join before it counts from the scheduled start.
 */
function teamsLog(rows: ReportRow[], ctx: ReportContext): ParsedReport {
  const names = rows[0].cells.map(key);
  const [nameCol, actionCol, timeCol, emailCol] = ['full name', 'user action', 'timestamp', 'email'].map((n) =>
    names.indexOf(n),
  );
  const events: { line: number; name: string; email: string | null; join: boolean; at: number }[] = [];
  for (const row of rows.slice(1)) {
    const name = row.cells[nameCol] ?? '';
    if (!name) continue;
    const action = key(row.cells[actionCol] ?? '');
    const join = action.startsWith('joined');
    if (!join && action !== 'left') {
      throw new ReportError(
        row.line,
        `${rows[0].cells[actionCol]} "${(row.cells[actionCol] ?? '').slice(0, 40)}" is neither Joined nor Left`,
      );
    }
    const raw = row.cells[timeCol] ?? '';
    const at = parseDateTime(raw, ctx.timeZone);
    if (!at) {
      throw new ReportError(
        row.line,
        `${rows[0].cells[timeCol]} "${raw.slice(0, 40)}" is not a date and time (expected e.g. 11/25/2026, 2:00:00 PM)`,
      );
    }
    events.push({
      line: row.line,
      name,
      email: emailCol >= 0 ? emailOf(row.cells[emailCol] ?? '') : null,
      join,
      at: at.getTime(),
    });
  }
  const open = new Map<string, (typeof events)[number]>();
  const presences: Presence[] = [];
  for (const e of [...events].sort((a, b) => a.at - b.at || a.line - b.line)) {
    const who = `${e.email ?? ''}|${key(e.name)}`;
    const joined = open.get(who);
    if (e.join) {
      if (!joined) open.set(who, e);
      continue;
    }
    open.delete(who);
    const startMs = joined ? joined.at : ctx.scheduledStart.getTime();
    presences.push({
      lines: joined ? [joined.line, e.line] : [e.line],
      name: e.name,
      email: e.email,
      startMs,
      endMs: e.at,
    });
  }
  for (const j of open.values()) {
    presences.push({
      lines: [j.line],
      name: j.name,
      email: j.email,
      startMs: j.at,
      endMs: Math.max(j.at, ctx.scheduledEnd.getTime()),
    });
  }
  return { format: 'TEAMS', layout: 'Teams attendance list (Full Name, User Action, Timestamp)', presences };
}

/** The e-mail of a cell, or null when the report has none ("", "-", "--"). Not checked further: it is matched. */
function emailOf(cell: string): string | null {
  const t = cell.trim();
  return !t || /^-+$/.test(t) ? null : t;
}
