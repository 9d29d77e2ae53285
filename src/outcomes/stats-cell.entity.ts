import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UnRegion } from '../catalogue/catalogue.enums';

/** The gender key of delegates who did not declare one (DOMAIN: gender is optional and self-declared). */
export const UNDECLARED_GENDER = 'undeclared';

/** What the enrolment-level cells count (see the definitions on EnrolmentStatsCell). */
abstract class EnrolmentMeasures {
  /** Active enrolments: every status but CANCELLED, DECLINED and EXPIRED. */
  @Column({ type: 'int', default: 0 })
  enrolled: number;

  /** Confirmed or later: CONFIRMED, ATTENDED, NO_SHOW, COMPLETED (they held a seat). */
  @Column({ type: 'int', default: 0 })
  confirmed: number;

  @Column({ type: 'int', default: 0 })
  waitlisted: number;

  /** ATTENDED or COMPLETED. */
  @Column({ type: 'int', default: 0 })
  attended: number;

  @Column({ type: 'int', default: 0 })
  completed: number;

  /** Enrolments with a certificate that is not revoked. */
  @Column({ type: 'int', default: 0 })
  certified: number;

  @Column({ type: 'int', default: 0 })
  followUpsAnswered: number;

  @Column({ type: 'int', default: 0 })
  followUpsApplied: number;
}

/** The sums the capacity-outcome means are made of, over units (a delegate in a session for one module). */
abstract class ScoreMeasures {
  /** Units with a pre-course or a post-course score. */
  @Column({ type: 'int', default: 0 })
  assessed: number;

  @Column({ type: 'int', default: 0 })
  preCount: number;

  @Column({ type: 'numeric', default: 0 })
  preSum: string;

  /** Units with a post-course score (the best attempt counts). */
  @Column({ type: 'int', default: 0 })
  postCount: number;

  @Column({ type: 'numeric', default: 0 })
  postSum: string;

  /** Units with both scores and pre < 100: the normalised gain is defined. */
  @Column({ type: 'int', default: 0 })
  gainCount: number;

  /** Sum of (post − pre) / (100 − pre) over those units. */
  @Column({ type: 'numeric', default: 0 })
  gainSum: string;
}

/**
 * The enrolment-level read model of the statistics: counts per session, Party and gender (as the delegate had
 * declared it when enrolling). Every change to an enrolment, certificate or follow-up answer recomputes its cell in
 * the same transaction (OutcomeCellsService), so the statistics are sums over small rows instead of joins over
 * millions of enrolments. Region and module are joined in at query time (a Party's region is reference data; a
 * session's modules do not change).
 */
@Entity('stats_enrolment_cell')
@Index('IDX_stats_enrolment_cell_party', ['partyCode'])
export class EnrolmentStatsCell extends EnrolmentMeasures {
  @PrimaryColumn({ type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ type: 'char', length: 3 })
  partyCode: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  gender: string;
}

/**
 * The score-level read model: per session, module, Party and gender, over enrolments confirmed or later. A workshop
 * with two modules assesses each delegate twice.
 */
@Entity('stats_score_cell')
@Index('IDX_stats_score_cell_party', ['partyCode'])
export class ScoreStatsCell extends ScoreMeasures {
  @PrimaryColumn({ type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ type: 'uuid' })
  moduleId: string;

  @PrimaryColumn({ type: 'char', length: 3 })
  partyCode: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  gender: string;
}

/**
 * The enrolment cells summed over the Parties of each region: per session, region and gender (a few thousand rows
 * where the Party cells are a few hundred thousand). Every statistic that neither groups nor filters by Party is
 * read from here. Refreshed from the Party cells of the touched session in the same transaction.
 */
@Entity('stats_enrolment_region_cell')
export class EnrolmentRegionStatsCell extends EnrolmentMeasures {
  @PrimaryColumn({ type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ type: 'enum', enum: UnRegion })
  region: UnRegion;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  gender: string;
}

/** The score cells summed over the Parties of each region (see EnrolmentRegionStatsCell). */
@Entity('stats_score_region_cell')
export class ScoreRegionStatsCell extends ScoreMeasures {
  @PrimaryColumn({ type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ type: 'uuid' })
  moduleId: string;

  @PrimaryColumn({ type: 'enum', enum: UnRegion })
  region: UnRegion;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  gender: string;
}
