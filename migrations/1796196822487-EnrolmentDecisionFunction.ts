import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand (issue #17, P1): the enrolment's decision as one PL/pgSQL function, so that an enrolment is one
 * round trip and the session's row lock is held for the function's few statements and the commit, not across the
 * dozen round trips the transaction used to make (its statements queued behind each other's network turns).
 *
 * The rules stay stated in src/enrolments/seat-rules.ts; the small functions below are their SQL twins, and
 * test/enrolment-decision.e2e-spec.ts pins each to the TypeScript over every case. The statistics' cells are
 * changed by the new enrolment's own contribution, computed by the same definitions as OutcomeCellsService's
 * (the test compares the cells with computeFromFacts after every kind of enrolment). session_snapshot_json is
 * snapshotOfRow (src/sessions/session-snapshot.ts) in SQL, pinned by the same test.
 */
export class EnrolmentDecisionFunction1796196822487 implements MigrationInterface {
    name = 'EnrolmentDecisionFunction1796196822487'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // seat-rules.ts firstStep.
        await queryRunner.query(`
CREATE FUNCTION enrolment_first_step(kind text, nominated boolean) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN kind = 'WORKSHOP' AND NOT nominated THEN 'AWAIT_ENDORSEMENT' ELSE 'TAKE_SEAT' END
$$`);
        // seat-rules.ts inWorkshopRegion.
        await queryRunner.query(`
CREATE FUNCTION enrolment_in_workshop_region(party_region text, workshop_region text, may_override boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT may_override OR coalesce(party_region = workshop_region, false)
$$`);
        // seat-rules.ts travelFundable (offersFundedSeats, isFundableParty, fundedSeatLeft).
        await queryRunner.query(`
CREATE FUNCTION enrolment_funded_seat(kind text, funded_seats_per_party integer, party_status text, used integer) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT kind = 'WORKSHOP' AND funded_seats_per_party >= 1
     AND coalesce(party_status IN ('DEVELOPING', 'ECONOMY_IN_TRANSITION'), false)
     AND used < funded_seats_per_party
$$`);
        // SessionSchedulingService.requireScheduled: scheduled and not yet started.
        await queryRunner.query(`
CREATE FUNCTION enrolment_session_open(status text, starts_at timestamptz, now timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT status = 'SCHEDULED' AND starts_at > now
$$`);
        // snapshotOfRow: the session as a message shows it (times as JavaScript's toISOString writes them).
        await queryRunner.query(`
CREATE FUNCTION session_snapshot_json(p_session_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
           'id', v.id, 'kind', v.kind, 'title', v.title,
           'startsAt', to_char(v.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'endsAt', to_char(v.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'timeZone', v.time_zone, 'language', v.language, 'status', v.status, 'sequence', v.sequence,
           'modules', v.modules, 'region', v.region, 'venue', v.venue,
           'hostCentre', CASE WHEN coalesce(v.centre_name, '') <> ''
                              THEN jsonb_build_object('name', v.centre_name, 'city', v.centre_city) END,
           'joinUrl', v.join_url)
    FROM session_snapshot v WHERE v.id = p_session_id
$$`);
        await queryRunner.query(`
CREATE FUNCTION enrol_in_session(
  p_session_id uuid, p_delegate_id uuid, p_party_code char(3), p_gender varchar, p_actor_id uuid,
  p_nominated boolean, p_may_override_region boolean, p_now timestamptz, p_reason text,
  -- The outbox payload's parts known before the lock (delegate, by), and for a nomination awaiting endorsement its
  -- party and endorsers (NULL: not read yet; the function then decides nothing and says NEEDS_ENDORSERS).
  p_payload jsonb, p_endorsement jsonb)
RETURNS TABLE (outcome text, waitlist_position integer, missing_modules text[], party_name text, party_region text,
               session_status text, session_starts_at timestamptz, session_region text, enrolment_row enrolment)
LANGUAGE plpgsql AS $$
DECLARE
  v_kind text;
  v_missing text[];
  v_party party%ROWTYPE;
  s training_session%ROWTYPE;
  e enrolment%ROWTYPE;
  v_status text;
  v_funded boolean := false;
  v_ticket integer;
  v_used integer := 0;
  v_endorsed boolean;
  v_type text;
  v_session jsonb;
BEGIN
  -- Facts that do not depend on the session's lock, read before taking it: the delegate's Party and, for a
  -- workshop, the prerequisite modules the delegate attended no webinar of (rules 4 and 5).
  SELECT * INTO v_party FROM party WHERE code = p_party_code;
  party_name := v_party.name;
  party_region := v_party.region::text;
  SELECT t.kind::text INTO v_kind FROM training_session t WHERE t.id = p_session_id;
  IF v_kind = 'WORKSHOP' THEN
    SELECT coalesce(array_agg(m.code ORDER BY m.code), '{}') INTO v_missing
      FROM session_prerequisite p JOIN thematic_module m ON m.id = p.module_id
     WHERE p.session_id = p_session_id
       AND NOT EXISTS (
         SELECT 1 FROM enrolment pe
           JOIN training_session w ON w.id = pe.session_id AND w.kind = 'WEBINAR'
           JOIN session_module wm ON wm.session_id = w.id AND wm.module_id = p.module_id
          WHERE pe.delegate_id = p_delegate_id AND pe.status IN ('ATTENDED', 'COMPLETED'));
  END IF;

  -- The lock: from here to the commit, this session's enrolments wait for this one.
  SELECT * INTO s FROM training_session t WHERE t.id = p_session_id FOR UPDATE;
  IF NOT FOUND THEN
    outcome := 'NOT_FOUND';
    RETURN NEXT;
    RETURN;
  END IF;
  session_status := s.status::text;
  session_starts_at := s.starts_at;
  session_region := s.region::text;

  -- Rule 8: one active enrolment per delegate and session; enrolling again returns it as it stands.
  SELECT * INTO e FROM enrolment x
   WHERE x.session_id = s.id AND x.delegate_id = p_delegate_id AND x.status NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED')
   LIMIT 1;
  IF FOUND THEN
    outcome := 'EXISTING';
    enrolment_row := e;
    RETURN NEXT;
    RETURN;
  END IF;

  IF NOT enrolment_session_open(s.status::text, s.starts_at, p_now) THEN
    outcome := 'CLOSED';
    RETURN NEXT;
    RETURN;
  END IF;

  IF s.kind = 'WORKSHOP' THEN
    IF NOT enrolment_in_workshop_region(v_party.region::text, s.region::text, p_may_override_region) THEN
      outcome := 'NOT_IN_REGION';
      RETURN NEXT;
      RETURN;
    END IF;
    IF cardinality(v_missing) > 0 THEN
      outcome := 'PREREQUISITE_MISSING';
      missing_modules := v_missing;
      RETURN NEXT;
      RETURN;
    END IF;
  END IF;

  -- Rule 6, then rules 1, 2 and 7: awaiting endorsement, or a seat (funded or not), or the end of the waitlist.
  IF enrolment_first_step(s.kind::text, p_nominated) = 'AWAIT_ENDORSEMENT' THEN
    IF p_endorsement IS NULL THEN
      outcome := 'NEEDS_ENDORSERS';
      RETURN NEXT;
      RETURN;
    END IF;
    v_status := 'PENDING_ENDORSEMENT';
  ELSE
    UPDATE training_session t SET seats_taken = t.seats_taken + 1, updated_at = CURRENT_TIMESTAMP
     WHERE t.id = s.id AND t.seats_taken < t.capacity;
    IF FOUND THEN
      v_status := 'CONFIRMED';
      IF enrolment_funded_seat(s.kind::text, s.funded_seats_per_party, v_party.status::text, 0) THEN
        SELECT count(*)::int INTO v_used FROM enrolment f
         WHERE f.session_id = s.id AND f.party_code = p_party_code AND f.funded
           AND f.status IN ('CONFIRMED', 'ATTENDED', 'COMPLETED');
        v_funded := enrolment_funded_seat(s.kind::text, s.funded_seats_per_party, v_party.status::text, v_used);
      END IF;
    ELSE
      UPDATE training_session t SET waitlist_tickets = t.waitlist_tickets + 1, updated_at = CURRENT_TIMESTAMP
       WHERE t.id = s.id RETURNING t.waitlist_tickets INTO v_ticket;
      v_status := 'WAITLISTED';
    END IF;
  END IF;

  -- The enrolment and its first history row. A nomination into a workshop counts as endorsed by the nominator.
  v_endorsed := s.kind = 'WORKSHOP' AND p_nominated;
  INSERT INTO enrolment (session_id, delegate_id, party_code, gender, status, funded, waitlist_ticket,
                         endorsed_by_id, endorsed_at, created_by_id, status_changed_at)
  VALUES (s.id, p_delegate_id, p_party_code, p_gender, v_status::enrolment_status_enum, v_funded, v_ticket,
          CASE WHEN v_endorsed THEN p_actor_id END, CASE WHEN v_endorsed THEN p_now END, p_actor_id, p_now)
  RETURNING * INTO e;
  INSERT INTO enrolment_change (enrolment_id, from_status, to_status, by_id, reason, at)
  VALUES (e.id, NULL, v_status::enrolment_change_to_status_enum, p_actor_id, left(p_reason, 300), e.created_at);

  IF v_status = 'WAITLISTED' THEN
    SELECT count(*)::int INTO waitlist_position FROM enrolment w
     WHERE w.session_id = s.id AND w.status = 'WAITLISTED' AND w.waitlist_ticket <= v_ticket;
  END IF;

  -- The statistics' cells: the session's lock of OutcomeCellsService (so no refresh of these cells runs beside this),
  -- then the new enrolment's own contribution, by the read model's definitions, added to its Party cells and to
  -- its region cells.
  PERFORM pg_advisory_xact_lock(51207, hashtext(s.id::text));
  WITH d AS (
    SELECT x.session_id, x.party_code, coalesce(x.gender, 'undeclared') AS gender,
           count(*) FILTER (WHERE x.status NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED'))::int AS enrolled,
           count(*) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'))::int AS confirmed,
           count(*) FILTER (WHERE x.status = 'WAITLISTED')::int AS waitlisted,
           count(*) FILTER (WHERE x.status IN ('ATTENDED', 'COMPLETED'))::int AS attended,
           count(*) FILTER (WHERE x.status = 'COMPLETED')::int AS completed,
           count(c.id) FILTER (WHERE c.revoked_at IS NULL)::int AS certified,
           count(f.id)::int AS follow_ups_answered,
           count(f.id) FILTER (WHERE f.applied)::int AS follow_ups_applied
      FROM enrolment x
      LEFT JOIN certificate c ON c.enrolment_id = x.id
      LEFT JOIN follow_up_response f ON f.enrolment_id = x.id
     WHERE x.id = e.id
     GROUP BY x.session_id, x.party_code, coalesce(x.gender, 'undeclared')
  ), cells AS (
    INSERT INTO stats_enrolment_cell AS c (session_id, party_code, gender, enrolled, confirmed, waitlisted, attended,
                                           completed, certified, follow_ups_answered, follow_ups_applied)
    SELECT * FROM d
    ON CONFLICT (session_id, party_code, gender) DO UPDATE SET
      enrolled = c.enrolled + EXCLUDED.enrolled, confirmed = c.confirmed + EXCLUDED.confirmed,
      waitlisted = c.waitlisted + EXCLUDED.waitlisted, attended = c.attended + EXCLUDED.attended,
      completed = c.completed + EXCLUDED.completed, certified = c.certified + EXCLUDED.certified,
      follow_ups_answered = c.follow_ups_answered + EXCLUDED.follow_ups_answered,
      follow_ups_applied = c.follow_ups_applied + EXCLUDED.follow_ups_applied
  )
  INSERT INTO stats_enrolment_region_cell AS c (session_id, region, gender, enrolled, confirmed, waitlisted, attended,
                                                completed, certified, follow_ups_answered, follow_ups_applied)
  SELECT d.session_id, p.region::text::stats_enrolment_region_cell_region_enum, d.gender, d.enrolled, d.confirmed,
         d.waitlisted, d.attended, d.completed, d.certified, d.follow_ups_answered, d.follow_ups_applied
    FROM d JOIN party p ON p.code = d.party_code
  ON CONFLICT (session_id, region, gender) DO UPDATE SET
    enrolled = c.enrolled + EXCLUDED.enrolled, confirmed = c.confirmed + EXCLUDED.confirmed,
    waitlisted = c.waitlisted + EXCLUDED.waitlisted, attended = c.attended + EXCLUDED.attended,
    completed = c.completed + EXCLUDED.completed, certified = c.certified + EXCLUDED.certified,
    follow_ups_answered = c.follow_ups_answered + EXCLUDED.follow_ups_answered,
    follow_ups_applied = c.follow_ups_applied + EXCLUDED.follow_ups_applied;
  WITH d AS (
    SELECT x.session_id, sm.module_id, x.party_code, coalesce(x.gender, 'undeclared') AS gender,
           count(*) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')
                              AND (pre.score IS NOT NULL OR post.best IS NOT NULL))::int AS assessed,
           count(pre.score) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'))::int AS pre_count,
           coalesce(sum(pre.score) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')), 0) AS pre_sum,
           count(post.best) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED'))::int AS post_count,
           coalesce(sum(post.best) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')), 0) AS post_sum,
           count(*) FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')
                              AND pre.score < 100 AND post.best IS NOT NULL)::int AS gain_count,
           coalesce(sum((post.best - pre.score) / (100 - pre.score))
                      FILTER (WHERE x.status IN ('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')
                                AND pre.score < 100 AND post.best IS NOT NULL), 0) AS gain_sum
      FROM enrolment x
      JOIN session_module sm ON sm.session_id = x.session_id
      LEFT JOIN assessment_attempt pre
             ON pre.delegate_id = x.delegate_id AND pre.module_id = sm.module_id AND pre.kind = 'PRE'
      LEFT JOIN LATERAL (
             SELECT max(a.score) AS best FROM assessment_attempt a
              WHERE a.delegate_id = x.delegate_id AND a.module_id = sm.module_id AND a.kind = 'POST'
                AND a.session_id = x.session_id) post ON true
     WHERE x.id = e.id
     GROUP BY x.session_id, sm.module_id, x.party_code, coalesce(x.gender, 'undeclared')
  ), cells AS (
    INSERT INTO stats_score_cell AS c (session_id, module_id, party_code, gender, assessed, pre_count, pre_sum,
                                       post_count, post_sum, gain_count, gain_sum)
    SELECT * FROM d
    ON CONFLICT (session_id, module_id, party_code, gender) DO UPDATE SET
      assessed = c.assessed + EXCLUDED.assessed, pre_count = c.pre_count + EXCLUDED.pre_count,
      pre_sum = c.pre_sum + EXCLUDED.pre_sum, post_count = c.post_count + EXCLUDED.post_count,
      post_sum = c.post_sum + EXCLUDED.post_sum, gain_count = c.gain_count + EXCLUDED.gain_count,
      gain_sum = c.gain_sum + EXCLUDED.gain_sum
  )
  INSERT INTO stats_score_region_cell AS c (session_id, module_id, region, gender, assessed, pre_count, pre_sum,
                                            post_count, post_sum, gain_count, gain_sum)
  SELECT d.session_id, d.module_id, p.region::text::stats_score_region_cell_region_enum, d.gender, d.assessed,
         d.pre_count, d.pre_sum, d.post_count, d.post_sum, d.gain_count, d.gain_sum
    FROM d JOIN party p ON p.code = d.party_code
  ON CONFLICT (session_id, module_id, region, gender) DO UPDATE SET
    assessed = c.assessed + EXCLUDED.assessed, pre_count = c.pre_count + EXCLUDED.pre_count,
    pre_sum = c.pre_sum + EXCLUDED.pre_sum, post_count = c.post_count + EXCLUDED.post_count,
    post_sum = c.post_sum + EXCLUDED.post_sum, gain_count = c.gain_count + EXCLUDED.gain_count,
    gain_sum = c.gain_sum + EXCLUDED.gain_sum;

  -- The one outbox event, with the session as it stands under the lock (its join link only with a seat).
  v_session := session_snapshot_json(s.id);
  IF v_status <> 'CONFIRMED' THEN
    v_session := jsonb_set(v_session, '{joinUrl}', 'null');
  END IF;
  v_type := CASE v_status WHEN 'CONFIRMED' THEN 'ENROLMENT_CONFIRMED' WHEN 'WAITLISTED' THEN 'ENROLMENT_WAITLISTED'
                          ELSE 'ENDORSEMENT_REQUESTED' END;
  INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload)
  VALUES (v_type::outbox_event_type_enum, 'ENROLMENT', e.id,
          p_payload || coalesce(p_endorsement, '{}'::jsonb) || jsonb_build_object(
            'enrolment', jsonb_build_object('id', e.id, 'status', e.status, 'funded', e.funded,
                                            'waitlistPosition', waitlist_position),
            'session', v_session));

  outcome := 'PLACED';
  enrolment_row := e;
  RETURN NEXT;
END
$$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION enrol_in_session(uuid, uuid, char(3), varchar, uuid, boolean, boolean, timestamptz, text, jsonb, jsonb)`);
        await queryRunner.query(`DROP FUNCTION session_snapshot_json(uuid)`);
        await queryRunner.query(`DROP FUNCTION enrolment_session_open(text, timestamptz, timestamptz)`);
        await queryRunner.query(`DROP FUNCTION enrolment_funded_seat(text, integer, text, integer)`);
        await queryRunner.query(`DROP FUNCTION enrolment_in_workshop_region(text, text, boolean)`);
        await queryRunner.query(`DROP FUNCTION enrolment_first_step(text, boolean)`);
    }

}
