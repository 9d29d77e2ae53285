import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { badInput, forbidden, isUuid, notFound } from '@lib/common';
import { mayJoinSession, mayListPartyEnrolments, mayReadEnrolment } from '../auth/policies';
import type { User } from '../auth/user.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { rawEntity } from '../database/raw-entity';
import { byKeys } from '../graphql/loaders';
import { Connection, paginateByTimeAndId } from '../graphql/pagination';
import type { SessionViewerFields } from '../sessions/catalogue-cache.plugin';
import { SessionKind } from '../sessions/session.enums';
import { SessionAccessService } from '../sessions/session-access.service';
import { SessionsService } from '../sessions/sessions.service';
import { EnrolmentChangeEntity, EnrolmentEntity } from './enrolment.entity';
import { EnrolmentStatus, SEAT_HOLDING, sqlList } from './enrolment-status.enum';
import { travelFundable } from './seat-rules';

/**
 * The reads of delegates' enrolments: one enrolment, the lists each role may read, their history, waitlist positions
 * and who holds a seat where. The commands are EnrolmentsService's.
 */
@Injectable()
export class EnrolmentQueriesService {
  constructor(
    @InjectRepository(EnrolmentEntity) private readonly enrolments: Repository<EnrolmentEntity>,
    @InjectRepository(EnrolmentChangeEntity) private readonly changes: Repository<EnrolmentChangeEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly sessionAccess: SessionAccessService,
    private readonly catalogue: CatalogueService,
  ) {}

  findById(id: string): Promise<EnrolmentEntity | null> {
    return isUuid(id) ? this.enrolments.findOneBy({ id }) : Promise.resolve(null);
  }

  /** One enrolment for those who may see it: the delegate, their focal point, those who run the session, the Secretariat. */
  async findVisible(id: string, viewer: User): Promise<EnrolmentEntity | null> {
    const enrolment = await this.findById(id);
    if (!enrolment) return null;
    if (await this.maySee(viewer, enrolment)) return enrolment;
    throw forbidden('You may not see this enrolment');
  }

  mine(viewer: User, status: EnrolmentStatus | null, first: number, after?: string | null) {
    return this.page({ delegateId: viewer.id, status }, first, after);
  }

  async ofSession(
    sessionId: string,
    viewer: User,
    status: EnrolmentStatus | null,
    first: number,
    after?: string | null,
  ): Promise<Connection<EnrolmentEntity>> {
    const session = await this.sessionAccess.requireRunner(sessionId, viewer);
    return this.page({ sessionId: session.id, status }, first, after);
  }

  /** A focal point reads their own Party's enrolments; the Secretariat any Party's, or all. */
  async ofParty(
    partyCode: string | null,
    viewer: User,
    status: EnrolmentStatus | null,
    first: number,
    after?: string | null,
  ): Promise<Connection<EnrolmentEntity>> {
    let code = partyCode?.trim().toUpperCase() || null;
    const verdict = mayListPartyEnrolments(viewer, code);
    if (verdict === 'NOT_A_FOCAL_POINT') {
      throw forbidden("Only a focal point or the Secretariat may list a Party's enrolments");
    }
    if (verdict === 'OTHER_PARTY') throw forbidden("A focal point sees their own Party's enrolments only");
    if (verdict === 'OWN_PARTY') code = viewer.partyCode;
    if (code && !(await this.catalogue.findParty(code))) throw badInput('partyCode', `unknown Party ${code}`);
    return this.page({ partyCode: code, status }, first, after);
  }

  /** Every change of an enrolment, oldest first. */
  async history(enrolmentId: string, viewer: User): Promise<EnrolmentChangeEntity[]> {
    const enrolment = await this.findById(enrolmentId);
    if (!enrolment) throw notFound('Enrolment', enrolmentId);
    if (!mayReadEnrolment(viewer, enrolment)) {
      throw forbidden("Only the Secretariat, the delegate and their Party's focal point may read this history");
    }
    return this.changes.find({ where: { enrolmentId: enrolment.id }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** Waitlist positions of many enrolments (null for those not waitlisted), for the per-request loader. */
  async positions(ids: readonly string[]): Promise<(number | null)[]> {
    const rows: { id: string; position: number }[] = await this.db.query(
      `SELECT e.id,
              (SELECT count(*)::int FROM enrolment w
                WHERE w.session_id = e.session_id AND w.status = 'WAITLISTED' AND w.waitlist_ticket <= e.waitlist_ticket)
              AS position
         FROM enrolment e WHERE e.id = ANY($1::uuid[]) AND e.status = 'WAITLISTED'`,
      [ids.filter(isUuid)],
    );
    return byKeys(ids, rows, (r) => r.id).map((r) => r?.position ?? null);
  }

  /**
   * The delegate's most recent enrolment (whatever its status) in each of these sessions, or null where none: one
   * statement for a page of sessions (TrainingSession.myEnrolment).
   */
  async latestIn(delegateId: string, sessionIds: readonly string[]): Promise<(EnrolmentEntity | null)[]> {
    const raw = rawEntity(this.enrolments.manager, EnrolmentEntity);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT DISTINCT ON (session_id) ${raw.columns} FROM ${raw.table}
        WHERE delegate_id = $1 AND session_id = ANY($2::uuid[])
        ORDER BY session_id, created_at DESC, id DESC`,
      [delegateId, sessionIds.filter(isUuid)],
    );
    return byKeys(
      sessionIds,
      rows.map((r) => raw.hydrate(r)),
      (e) => e.sessionId,
    );
  }

  /**
   * The funded seats a Party's delegates other than this one hold in each of these sessions (rule 7's allowance),
   * in one statement (Workshop.travelFundable).
   */
  async fundedSeatsHeldByOthers(
    partyCode: string,
    delegateId: string,
    sessionIds: readonly string[],
  ): Promise<number[]> {
    const rows: { session_id: string; used: number }[] = await this.db.query(
      `SELECT session_id, count(*)::int AS used FROM enrolment
        WHERE session_id = ANY($1::uuid[]) AND party_code = $2 AND delegate_id <> $3 AND funded
          AND status IN (${sqlList(SEAT_HOLDING)})
        GROUP BY session_id`,
      [sessionIds.filter(isUuid), partyCode, delegateId],
    );
    return byKeys(sessionIds, rows, (r) => r.session_id).map((r) => r?.used ?? 0);
  }

  /**
   * The viewer's own fields on a page of catalogue sessions (TrainingSession.myEnrolment, Workshop.travelFundable and,
   * when asked for, Webinar.joinUrl), decided as their resolvers decide them, in one statement: what the catalogue
   * cache writes into its copy of a page for this viewer (sessions/catalogue-cache.plugin.ts). Sessions not found are
   * left out of the map.
   */
  async viewerFieldsIn(
    viewer: User,
    sessionIds: readonly string[],
    withJoinUrl: boolean,
  ): Promise<Map<string, SessionViewerFields>> {
    const raw = rawEntity(this.enrolments.manager, EnrolmentEntity);
    // (A SELECT, not a WITH: the catalogue cache takes any other statement run outside a transaction for a write.)
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT s.id AS v_session_id, s.kind AS v_kind, s.funded_seats_per_party AS v_funded_seats,
              CASE WHEN $4 THEN s.join_url END AS v_join_url,
              $4 AND EXISTS (SELECT 1 FROM session_trainer t WHERE t.session_id = s.id AND t.user_id = $1) AS v_trains,
              EXISTS (SELECT 1 FROM enrolment h WHERE h.delegate_id = $1 AND h.session_id = s.id
                         AND h.status IN (${sqlList(SEAT_HOLDING)})) AS v_holds_seat,
              (SELECT p.status FROM party p WHERE p.code = $3) AS v_party_status,
              CASE WHEN s.kind = '${SessionKind.WORKSHOP}' AND s.funded_seats_per_party >= 1 THEN
                (SELECT count(*)::int FROM enrolment f
                  WHERE f.session_id = s.id AND f.party_code = $3 AND f.delegate_id <> $1 AND f.funded
                    AND f.status IN (${sqlList(SEAT_HOLDING)}))
              END AS v_funded_by_others,
              latest.*
         FROM training_session s
         LEFT JOIN LATERAL (SELECT ${raw.columns} FROM ${raw.table} m WHERE m.delegate_id = $1 AND m.session_id = s.id
                             ORDER BY m.created_at DESC, m.id DESC LIMIT 1) latest ON true
        WHERE s.id = ANY($2::uuid[])`,
      [viewer.id, sessionIds.filter(isUuid), viewer.partyCode, withJoinUrl],
    );
    const out = new Map<string, SessionViewerFields>();
    for (const row of rows) {
      const session = { kind: row.v_kind as SessionKind, fundedSeatsPerParty: row.v_funded_seats as number };
      out.set(row.v_session_id, {
        // as latestIn: the most recent, whatever its status
        myEnrolment: row.id ? raw.hydrate(row) : null,
        // as WorkshopTravelResolver: null without a Party; the allowance counted only where a seat may be funded
        travelFundable:
          viewer.partyCode && row.v_party_status != null
            ? travelFundable(session, row.v_party_status, row.v_funded_by_others ?? 0)
            : null,
        joinUrl:
          withJoinUrl && mayJoinSession(viewer, { trainsIt: row.v_trains, holdsSeat: row.v_holds_seat })
            ? (row.v_join_url ?? null)
            : null,
      });
    }
    return out;
  }

  /** Of these sessions, those where the viewer holds a seat (who may see a webinar's join link). */
  async seatHeldIn(viewerId: string, sessionIds: readonly string[]): Promise<boolean[]> {
    const rows = await this.enrolments.find({
      select: { sessionId: true },
      where: { delegateId: viewerId, sessionId: In([...sessionIds]), status: In([...SEAT_HOLDING]) },
    });
    const held = new Set(rows.map((r) => r.sessionId));
    return sessionIds.map((id) => held.has(id));
  }

  /** Sessions where a delegate holds a seat (confirmed, attended or completed): their calendar feed. */
  async sessionsWithSeat(delegateId: string): Promise<string[]> {
    const rows = await this.enrolments.find({
      select: { sessionId: true },
      where: { delegateId, status: In([...SEAT_HOLDING]) },
    });
    return rows.map((r) => r.sessionId);
  }

  /** Delegates holding a seat in a scheduled or completed session of a module (who hear of its new materials). */
  async seatHoldersOfModule(moduleId: string): Promise<string[]> {
    const sessionIds = await this.sessions.idsOfModule(moduleId);
    if (!sessionIds.length) return [];
    const rows: { delegate_id: string }[] = await this.enrolments
      .createQueryBuilder('e')
      .select('DISTINCT e.delegate_id', 'delegate_id')
      .where('e.session_id = ANY(:sessionIds)', { sessionIds })
      .andWhere('e.status IN (:...statuses)', { statuses: [...SEAT_HOLDING] })
      .getRawMany();
    return rows.map((r) => r.delegate_id);
  }

  private async maySee(viewer: User, enrolment: EnrolmentEntity): Promise<boolean> {
    if (mayReadEnrolment(viewer, enrolment)) return true;
    const session = await this.sessions.findById(enrolment.sessionId);
    return !!session && this.sessionAccess.mayRun(viewer, session);
  }

  private page(
    filter: { delegateId?: string; sessionId?: string; partyCode?: string | null; status: EnrolmentStatus | null },
    first: number,
    after?: string | null,
  ): Promise<Connection<EnrolmentEntity>> {
    const qb = this.enrolments.createQueryBuilder('e');
    if (filter.delegateId) qb.andWhere('e.delegate_id = :delegateId', { delegateId: filter.delegateId });
    if (filter.sessionId) qb.andWhere('e.session_id = :sessionId', { sessionId: filter.sessionId });
    if (filter.partyCode) qb.andWhere('e.party_code = :partyCode', { partyCode: filter.partyCode });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    return paginateByTimeAndId(
      qb,
      { first, after },
      {
        timeColumn: 'e.created_at',
        idColumn: 'e.id',
      },
    );
  }
}
