import type { SessionSnapshot } from '@lib/queue';

/**
 * The read model sessions publishes for statements of other features that need a session as the messages show it:
 * the view `session_snapshot` (session-snapshot.view.ts, made by a migration), one row per session, joined by `id`.
 * Map its rows with `snapshotOfRow`.
 */
export const SESSION_SNAPSHOT = 'session_snapshot';

/**
 * The snapshot of a session as SQL, for a statement that reads other rows beside the session: a reminder reads its
 * enrolment, its delegate and its session in one round trip (issue #6, P4), so it cannot ask the session's service
 * in a second statement. Sessions owns the table names and columns; the caller names only the column that holds the
 * session id, puts `columns` in its select list and `joins` after its FROM, then maps the row with `snapshotOfRow`.
 * Sessions are aliased `s` and host centres `c`: the caller's own aliases must differ.
 */
export function sessionSnapshotSql(sessionIdColumn: string): { columns: string; joins: string } {
  return {
    columns: `s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.language, s.status, s.sequence,
       s.region, s.venue, s.join_url, c.name AS centre_name, c.city AS centre_city,
       COALESCE((SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'passMark', m.pass_mark) ORDER BY m.code)
                 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id
                 WHERE sm.session_id = s.id), '[]') AS modules`,
    joins: `JOIN training_session s ON s.id = ${sessionIdColumn} LEFT JOIN regional_centre c ON c.id = s.host_centre_id`,
  };
}

export function snapshotOfRow(row: Record<string, any>): SessionSnapshot {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    timeZone: row.time_zone,
    language: row.language,
    status: row.status,
    sequence: Number(row.sequence),
    modules: row.modules,
    region: row.region,
    venue: row.venue,
    hostCentre: row.centre_name ? { name: row.centre_name, city: row.centre_city } : null,
    joinUrl: row.join_url,
  };
}
