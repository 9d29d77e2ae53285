import type { Presence } from './report-formats';

/** An enrolment a report may mark: CONFIRMED, ATTENDED or NO_SHOW, with its delegate's name and e-mail. */
export interface MarkableEnrolment {
  enrolmentId: string;
  delegateId: string;
  fullName: string;
  email: string;
  status: string;
}

export interface AttendanceRow {
  enrolmentId: string;
  delegateId: string;
  fullName: string;
  email: string;
  minutes: number;
  matchedBy: 'EMAIL' | 'NAME';
  currentStatus: string;
  newStatus: 'ATTENDED' | 'NO_SHOW';
}

export interface UnmatchedParticipant {
  name: string;
  email: string | null;
  minutes: number;
  lines: number[];
}

export interface AbsentDelegate {
  enrolmentId: string;
  delegateId: string;
  fullName: string;
  email: string;
}

export interface AttendanceDecision {
  scheduledMinutes: number;
  thresholdMinutes: number;
  attended: AttendanceRow[];
  belowThreshold: AttendanceRow[];
  unmatched: UnmatchedParticipant[];
  absent: AbsentDelegate[];
}

export interface Schedule {
  startMs: number;
  endMs: number;
  /** Share of the scheduled time a delegate must be present to count as attended (ATTENDANCE_MIN_SHARE). */
  minShare: number;
}

/** Minutes shown and compared: present time floored to a tenth of a minute. */
const minutesOf = (ms: number) => Math.floor(ms / 6000) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

export const normaliseEmail = (s: string) => s.trim().toLowerCase();
export const normaliseName = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Length of the union of intervals clipped to [from, to]: overlapping or touching stretches count once (a person on
 * two devices, or reconnecting, is present once).
 */
export function presentMs(intervals: { startMs: number; endMs: number }[], from: number, to: number): number {
  const clipped = intervals
    .map((i) => ({ s: Math.max(i.startMs, from), e: Math.min(i.endMs, to) }))
    .filter((i) => i.e > i.s)
    .sort((a, b) => a.s - b.s);
  let total = 0;
  let cur: { s: number; e: number } | null = null;
  for (const i of clipped) {
    if (cur && i.s <= cur.e) cur.e = Math.max(cur.e, i.e);
    else {
      if (cur) total += cur.e - cur.s;
      cur = { ...i };
    }
  }
  if (cur) total += cur.e - cur.s;
  return total;
}

/** Present time of one person: the union of their stretches, at most the report's own totals when it gives them. */
function personMs(presences: Presence[], s: Schedule): number {
  const union = presentMs(presences, s.startMs, s.endMs);
  if (presences.every((p) => p.maxMs !== undefined)) {
    return Math.min(
      union,
      presences.reduce((sum, p) => sum + p.maxMs!, 0),
    );
  }
  return union;
}

/** Candidate names of a report's name cell: Zoom writes "Name (Original Name)" when a participant renamed. */
function namesIn(name: string): string[] {
  const n = normaliseName(name);
  const open = n.indexOf('(');
  if (open <= 0 || !n.endsWith(')')) return [n];
  return [n, n.slice(0, open).trim(), n.slice(open + 1, -1).trim()];
}

/**
 * Decides a report against a session's markable enrolments: the report's rows grouped by person (by e-mail, or by
 * name where it has none), matched by e-mail (case-insensitive, trimmed), else, for rows without an e-mail, by a name
 * equal (case and spacing aside) to exactly one enrolled delegate's; each enrolment's stretches merged; attended when
 * present at least minShare of the scheduled time. Enrolments nobody in the report matched are absent.
 */
export function decideAttendance(
  presences: Presence[],
  enrolments: MarkableEnrolment[],
  schedule: Schedule,
): AttendanceDecision {
  const scheduledMs = Math.max(0, schedule.endMs - schedule.startMs);
  const scheduledMinutes = round3(scheduledMs / 60_000);
  const thresholdMinutes = round3(schedule.minShare * scheduledMinutes);

  const byEmail = new Map<string, MarkableEnrolment>();
  const byName = new Map<string, MarkableEnrolment[]>();
  for (const e of enrolments) {
    byEmail.set(normaliseEmail(e.email), e);
    const n = normaliseName(e.fullName);
    const same = byName.get(n);
    if (same) same.push(e);
    else byName.set(n, [e]);
  }

  // People of the report: one group per e-mail, or per name for rows without an e-mail.
  const groups = new Map<string, Presence[]>();
  for (const p of presences) {
    const k = p.email ? `e:${normaliseEmail(p.email)}` : `n:${normaliseName(p.name)}`;
    const group = groups.get(k);
    if (group) group.push(p);
    else groups.set(k, [p]);
  }

  const matched = new Map<string, { enrolment: MarkableEnrolment; by: 'EMAIL' | 'NAME'; presences: Presence[] }>();
  const unmatched: UnmatchedParticipant[] = [];
  for (const [k, list] of groups) {
    const first = list[0];
    let enrolment: MarkableEnrolment | undefined;
    let by: 'EMAIL' | 'NAME' = 'EMAIL';
    if (k.startsWith('e:')) enrolment = byEmail.get(k.slice(2));
    else {
      const candidates = new Set(namesIn(first.name).flatMap((n) => byName.get(n) ?? []));
      if (candidates.size === 1) [enrolment, by] = [[...candidates][0], 'NAME'];
    }
    if (!enrolment) {
      unmatched.push({
        name: first.name,
        email: first.email,
        minutes: minutesOf(presentMs(list, schedule.startMs, schedule.endMs)),
        lines: list.flatMap((p) => p.lines).sort((a, b) => a - b),
      });
      continue;
    }
    const seen = matched.get(enrolment.enrolmentId);
    if (seen) {
      for (const p of list) seen.presences.push(p);
      if (by === 'EMAIL') seen.by = 'EMAIL';
    } else matched.set(enrolment.enrolmentId, { enrolment, by, presences: [...list] });
  }

  const attended: AttendanceRow[] = [];
  const belowThreshold: AttendanceRow[] = [];
  for (const { enrolment: e, by, presences: list } of matched.values()) {
    const minutes = minutesOf(personMs(list, schedule));
    const present = minutes >= thresholdMinutes;
    const row: AttendanceRow = {
      enrolmentId: e.enrolmentId,
      delegateId: e.delegateId,
      fullName: e.fullName,
      email: e.email,
      minutes,
      matchedBy: by,
      currentStatus: e.status,
      newStatus: present ? 'ATTENDED' : 'NO_SHOW',
    };
    (present ? attended : belowThreshold).push(row);
  }
  const absent = enrolments
    .filter((e) => !matched.has(e.enrolmentId))
    .map(({ enrolmentId, delegateId, fullName, email }) => ({ enrolmentId, delegateId, fullName, email }));
  const byFullName = <T extends { fullName: string }>(a: T, b: T) => a.fullName.localeCompare(b.fullName, 'en');
  return {
    scheduledMinutes,
    thresholdMinutes,
    attended: attended.sort(byFullName),
    belowThreshold: belowThreshold.sort(byFullName),
    unmatched: unmatched.sort((a, b) => a.lines[0] - b.lines[0]),
    absent: absent.sort(byFullName),
  };
}
