import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { UNDECLARED_GENDER } from './stats-cell.entity';

/** One enrolment's place in the read model: its session, its Party and its delegate's declared gender (or null). */
export interface CellTouch {
  sessionId: string;
  partyCode: string;
  gender: string | null;
}

/** Advisory-lock namespace of the cell refreshes (the second key is the session). */
const CELL_LOCK_NAMESPACE = 51_207;

const CONFIRMED_OR_LATER = `('CONFIRMED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`;
/** ENDED of enrolment-status.enum, written out: the enrolments feature imports this one, not the other way round. */
const ENDED = `('CANCELLED', 'DECLINED', 'EXPIRED')`;
const GENDER = `coalesce(e.gender, '${UNDECLARED_GENDER}')`;

/**
 * The definitions of DOMAIN.md "Completion, certificates, outcomes", written once as SQL over the base tables, for
 * the enrolments `where` selects. Every status filter is inside an aggregate so a cell whose enrolments all left a
 * status is rewritten with zeros rather than left stale. This read model spans the tables of several features
 * (enrolments, assessments, certificates, follow-ups) on purpose: it is the one place the statistics are defined.
 */
const enrolmentCellsSql = (where: string) => `
  SELECT e.session_id, e.party_code, ${GENDER} AS gender,
         count(*) FILTER (WHERE e.status NOT IN ${ENDED})::int AS enrolled,
         count(*) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER})::int AS confirmed,
         count(*) FILTER (WHERE e.status = 'WAITLISTED')::int AS waitlisted,
         count(*) FILTER (WHERE e.status IN ('ATTENDED', 'COMPLETED'))::int AS attended,
         count(*) FILTER (WHERE e.status = 'COMPLETED')::int AS completed,
         count(c.id) FILTER (WHERE c.revoked_at IS NULL)::int AS certified,
         count(f.id)::int AS follow_ups_answered,
         count(f.id) FILTER (WHERE f.applied)::int AS follow_ups_applied
    FROM enrolment e
    LEFT JOIN certificate c ON c.enrolment_id = e.id
    LEFT JOIN follow_up_response f ON f.enrolment_id = e.id
   WHERE ${where}
   GROUP BY e.session_id, e.party_code, ${GENDER}`;

const scoreCellsSql = (where: string) => `
  SELECT e.session_id, sm.module_id, e.party_code, ${GENDER} AS gender,
         count(*) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER}
                            AND (pre.score IS NOT NULL OR post.best IS NOT NULL))::int AS assessed,
         count(pre.score) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER})::int AS pre_count,
         coalesce(sum(pre.score) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER}), 0) AS pre_sum,
         count(post.best) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER})::int AS post_count,
         coalesce(sum(post.best) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER}), 0) AS post_sum,
         count(*) FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER} AND pre.score < 100 AND post.best IS NOT NULL)::int AS gain_count,
         coalesce(sum((post.best - pre.score) / (100 - pre.score))
                    FILTER (WHERE e.status IN ${CONFIRMED_OR_LATER} AND pre.score < 100 AND post.best IS NOT NULL), 0) AS gain_sum
    FROM enrolment e
    JOIN session_module sm ON sm.session_id = e.session_id
    LEFT JOIN assessment_attempt pre
           ON pre.delegate_id = e.delegate_id AND pre.module_id = sm.module_id AND pre.kind = 'PRE'
    LEFT JOIN LATERAL (
           SELECT max(a.score) AS best FROM assessment_attempt a
            WHERE a.delegate_id = e.delegate_id AND a.module_id = sm.module_id AND a.kind = 'POST'
              AND a.session_id = e.session_id) post ON true
   WHERE ${where}
   GROUP BY e.session_id, sm.module_id, e.party_code, ${GENDER}`;

const UPSERT_ENROLMENT_CELLS = (where: string) => `
  INSERT INTO stats_enrolment_cell (session_id, party_code, gender, enrolled, confirmed, waitlisted, attended,
                                    completed, certified, follow_ups_answered, follow_ups_applied)
  ${enrolmentCellsSql(where)}
  ON CONFLICT (session_id, party_code, gender) DO UPDATE SET
    enrolled = EXCLUDED.enrolled, confirmed = EXCLUDED.confirmed, waitlisted = EXCLUDED.waitlisted,
    attended = EXCLUDED.attended, completed = EXCLUDED.completed, certified = EXCLUDED.certified,
    follow_ups_answered = EXCLUDED.follow_ups_answered, follow_ups_applied = EXCLUDED.follow_ups_applied`;

const UPSERT_SCORE_CELLS = (where: string) => `
  INSERT INTO stats_score_cell (session_id, module_id, party_code, gender, assessed, pre_count, pre_sum,
                                post_count, post_sum, gain_count, gain_sum)
  ${scoreCellsSql(where)}
  ON CONFLICT (session_id, module_id, party_code, gender) DO UPDATE SET
    assessed = EXCLUDED.assessed, pre_count = EXCLUDED.pre_count, pre_sum = EXCLUDED.pre_sum,
    post_count = EXCLUDED.post_count, post_sum = EXCLUDED.post_sum, gain_count = EXCLUDED.gain_count,
    gain_sum = EXCLUDED.gain_sum`;

const ENROLMENT_MEASURES = [
  'enrolled',
  'confirmed',
  'waitlisted',
  'attended',
  'completed',
  'certified',
  'follow_ups_answered',
  'follow_ups_applied',
];
const SCORE_MEASURES = ['assessed', 'pre_count', 'pre_sum', 'post_count', 'post_sum', 'gain_count', 'gain_sum'];
const sums = (measures: string[]) => measures.map((m) => `sum(c.${m})`).join(', ');
const updates = (measures: string[]) => measures.map((m) => `${m} = EXCLUDED.${m}`).join(', ');

/** The region cells of the sessions `where` selects, summed from their Party cells (run after those are current). */
const UPSERT_REGION_CELLS = (where: string) => `
  WITH e AS (
    INSERT INTO stats_enrolment_region_cell (session_id, region, gender, ${ENROLMENT_MEASURES.join(', ')})
    SELECT c.session_id, p.region::text::stats_enrolment_region_cell_region_enum, c.gender, ${sums(ENROLMENT_MEASURES)}
      FROM stats_enrolment_cell c JOIN party p ON p.code = c.party_code
     WHERE ${where}
     GROUP BY c.session_id, p.region, c.gender
    ON CONFLICT (session_id, region, gender) DO UPDATE SET ${updates(ENROLMENT_MEASURES)}
    RETURNING 1
  ), s AS (
    INSERT INTO stats_score_region_cell (session_id, module_id, region, gender, ${SCORE_MEASURES.join(', ')})
    SELECT c.session_id, c.module_id, p.region::text::stats_score_region_cell_region_enum, c.gender, ${sums(SCORE_MEASURES)}
      FROM stats_score_cell c JOIN party p ON p.code = c.party_code
     WHERE ${where}
     GROUP BY c.session_id, c.module_id, p.region, c.gender
    ON CONFLICT (session_id, module_id, region, gender) DO UPDATE SET ${updates(SCORE_MEASURES)}
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM e) AS enrolment_cells, (SELECT count(*) FROM s) AS score_cells`;

/** Both kinds of Party cells in one statement (they read the base tables, not each other). */
const UPSERT_PARTY_CELLS = (where: string) => `
  WITH e AS (${UPSERT_ENROLMENT_CELLS(where)} RETURNING 1), s AS (${UPSERT_SCORE_CELLS(where)} RETURNING 1)
  SELECT (SELECT count(*) FROM e) AS enrolment_cells, (SELECT count(*) FROM s) AS score_cells`;

/**
 * After the Parties' regions changed (a re-import of the reference data): the region cells summed again from the
 * Party cells. A plain function so the import command, which runs without the application, can call it.
 */
export async function rebuildRegionCells(tx: EntityManager): Promise<void> {
  await tx.query(`LOCK TABLE stats_enrolment_region_cell, stats_score_region_cell IN EXCLUSIVE MODE`);
  await tx.query(`DELETE FROM stats_enrolment_region_cell`);
  await tx.query(`DELETE FROM stats_score_region_cell`);
  await tx.query(UPSERT_REGION_CELLS('true'));
}

/** A database with enrolments and no cells (made before the read model existed). */
const NEEDS_BUILD = `SELECT (NOT EXISTS (SELECT 1 FROM stats_enrolment_cell) AND EXISTS (SELECT 1 FROM enrolment)) AS needed`;

const KEYS_OF_SESSION = `e.session_id = $1 AND (e.party_code, ${GENDER}) IN (SELECT * FROM unnest($2::char(3)[], $3::text[]))`;

/**
 * Keeps the statistics' read model in step with the facts. Callers pass the enrolments a change touched, inside the
 * change's transaction. Each touched session is locked (a transaction-scoped advisory lock) before its cells are
 * recomputed by a later statement, so that statement's snapshot sees every change committed by a transaction that
 * refreshed the same cells before: two concurrent enrolments of one Party cannot overwrite each other's count.
 */
@Injectable()
export class OutcomeCellsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutcomeCells');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A database that had enrolments before the read model existed gets it built once, at the first start. */
  async onApplicationBootstrap(): Promise<void> {
    // Checked first without a lock: a start must not hold up the enrolments going on in other processes.
    const [{ needed }] = await this.db.query(NEEDS_BUILD);
    if (needed && (await this.rebuildAll({ onlyIfEmpty: true })))
      this.logger.log('built the statistics read model from the facts');
  }

  async refresh(tx: EntityManager, touches: readonly CellTouch[]): Promise<void> {
    const bySession = new Map<string, Map<string, [string, string]>>();
    for (const t of touches) {
      const gender = t.gender ?? UNDECLARED_GENDER;
      const keys = bySession.get(t.sessionId) ?? new Map<string, [string, string]>();
      keys.set(`${t.partyCode}|${gender}`, [t.partyCode, gender]);
      bySession.set(t.sessionId, keys);
    }
    // Always in the same order, so two transactions touching the same sessions cannot deadlock on these locks.
    for (const sessionId of [...bySession.keys()].sort()) {
      const keys = [...bySession.get(sessionId)!.values()];
      const params = [sessionId, keys.map((k) => k[0]), keys.map((k) => k[1])];
      await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [CELL_LOCK_NAMESPACE, sessionId]);
      await tx.query(UPSERT_PARTY_CELLS(KEYS_OF_SESSION), params);
      // A later statement, so it sums the Party cells just written.
      await tx.query(UPSERT_REGION_CELLS('c.session_id = $1'), [sessionId]);
    }
  }

  /** A delegate's score for a module changed (a pre-course assessment): every session of theirs that covers it. */
  async refreshDelegateModule(tx: EntityManager, delegateId: string, moduleId: string): Promise<void> {
    const rows: { session_id: string; party_code: string; gender: string | null }[] = await tx.query(
      `SELECT e.session_id, e.party_code, e.gender FROM enrolment e
         JOIN session_module sm ON sm.session_id = e.session_id
        WHERE e.delegate_id = $1 AND sm.module_id = $2`,
      [delegateId, moduleId],
    );
    await this.refresh(
      tx,
      rows.map((r) => ({ sessionId: r.session_id, partyCode: r.party_code, gender: r.gender })),
    );
  }

  /**
   * Recomputes the whole read model from the base tables (after a bulk load, or to repair it). Takes every session's
   * lock first by locking the cell tables, so no refresh runs beside it.
   */
  async rebuildAll(opts: { onlyIfEmpty?: boolean } = {}): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `LOCK TABLE stats_enrolment_cell, stats_score_cell, stats_enrolment_region_cell, stats_score_region_cell IN EXCLUSIVE MODE`,
      );
      if (opts.onlyIfEmpty) {
        const [{ needed }] = await tx.query(NEEDS_BUILD);
        if (!needed) return false;
      }
      for (const table of [
        'stats_enrolment_cell',
        'stats_score_cell',
        'stats_enrolment_region_cell',
        'stats_score_region_cell',
      ]) {
        await tx.query(`DELETE FROM ${table}`);
      }
      await tx.query(UPSERT_PARTY_CELLS('true'));
      await tx.query(UPSERT_REGION_CELLS('true'));
      return true;
    });
  }

  /** The read model as the base tables define it right now, without touching it (for checks and benchmarks). */
  async computeFromFacts(): Promise<{
    enrolmentCells: Record<string, unknown>[];
    scoreCells: Record<string, unknown>[];
  }> {
    const [enrolmentCells, scoreCells] = await Promise.all([
      this.db.query(`${enrolmentCellsSql('true')} ORDER BY 1, 2, 3`),
      this.db.query(`${scoreCellsSql('true')} ORDER BY 1, 2, 3, 4`),
    ]);
    return { enrolmentCells, scoreCells };
  }
}
