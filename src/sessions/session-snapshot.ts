import type { SessionSnapshot } from '@lib/queue';

/**
 * The read model sessions publishes for statements of other features that need a session as the messages show it:
 * the view `session_snapshot` (session-snapshot.view.ts, made by a migration), one row per session, joined by `id`.
 * Map its rows with `snapshotOfRow`.
 */
export const SESSION_SNAPSHOT = 'session_snapshot';

/** A row of `session_snapshot` (with any columns of the caller's beside it) as the messages' SessionSnapshot. */
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
