import { ViewColumn, ViewEntity } from 'typeorm';

/**
 * The session as the messages about it show it, published by sessions as a read model: a view, so another feature's
 * statement may join it by the session's id (a reminder reads its enrolment, delegate and session in one round trip:
 * issue #6, P4) without knowing sessions' tables. PostgreSQL inlines it: the plan is that of the joins written out.
 * Map a row with `snapshotOfRow` (session-snapshot.ts).
 */
@ViewEntity({
  name: 'session_snapshot',
  expression: `SELECT s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.language, s.status, s.sequence,
       s.region, s.venue, s.join_url, c.name AS centre_name, c.city AS centre_city,
       COALESCE((SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'passMark', m.pass_mark) ORDER BY m.code)
                 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id
                 WHERE sm.session_id = s.id), '[]'::json) AS modules
  FROM training_session s LEFT JOIN regional_centre c ON c.id = s.host_centre_id`,
})
export class SessionSnapshotView {
  @ViewColumn()
  id: string;

  @ViewColumn()
  kind: string;

  @ViewColumn()
  title: string;

  @ViewColumn({ name: 'starts_at' })
  startsAt: Date;

  @ViewColumn({ name: 'ends_at' })
  endsAt: Date;

  @ViewColumn({ name: 'time_zone' })
  timeZone: string;

  @ViewColumn()
  language: string;

  @ViewColumn()
  status: string;

  @ViewColumn()
  sequence: number;

  @ViewColumn()
  region: string | null;

  @ViewColumn()
  venue: string | null;

  @ViewColumn({ name: 'join_url' })
  joinUrl: string | null;

  @ViewColumn({ name: 'centre_name' })
  centreName: string | null;

  @ViewColumn({ name: 'centre_city' })
  centreCity: string | null;

  @ViewColumn()
  modules: { code: string; title: string; passMark: number }[];
}
