import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxEventType } from '@lib/queue';
import type { User } from '../auth/user.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { rawEntity } from '../database/raw-entity';
import { OutcomeCellsService } from '../outcomes/outcome-cells.service';
import type { TrainingSessionEntity } from '../sessions/session.types';
import { SessionSeatsService } from '../sessions/session-seats.service';
import { EnrolmentEntity } from './enrolment.entity';
import { EnrolmentStatus, SEAT_HOLDING, sqlList } from './enrolment-status.enum';
import type {
  EndorsementPayload,
  EnrolmentDecision,
  EnrolmentRequest,
  NewEnrolmentPayload,
} from './enrolment-decision';
import { EnrolmentEventsService } from './enrolment-events.service';
import { fundedSeatLeft, isFundableParty, offersFundedSeats } from './seat-rules';
import { Clock } from '../clock/clock';

export interface Placement {
  status: EnrolmentStatus.CONFIRMED | EnrolmentStatus.WAITLISTED;
  funded: boolean;
  waitlistTicket: number | null;
}

/**
 * Seats, the waitlist and status changes with their history. Every method runs inside a transaction that holds the
 * session's row lock (`SessionSeatsService.lockForChange`), so the counts it reads cannot move under it.
 */
@Injectable()
export class SeatsService {
  constructor(
    private readonly sessionSeats: SessionSeatsService,
    private readonly catalogue: CatalogueService,
    private readonly events: EnrolmentEventsService,
    private readonly cells: OutcomeCellsService,
    private readonly clock: Clock,
  ) {}

  /** A seat if one is free (CONFIRMED, with funding decided now), otherwise the end of the waitlist. */
  async place(tx: EntityManager, session: TrainingSessionEntity, partyCode: string): Promise<Placement> {
    if (await this.sessionSeats.takeSeat(tx, session.id)) {
      return {
        status: EnrolmentStatus.CONFIRMED,
        funded: await this.fundedSeatFree(tx, session, partyCode),
        waitlistTicket: null,
      };
    }
    return {
      status: EnrolmentStatus.WAITLISTED,
      funded: false,
      waitlistTicket: await this.sessionSeats.drawWaitlistTicket(tx, session.id),
    };
  }

  /** An enrolment left a seat-holding status: the seat goes back and at once to the head of the waitlist. */
  async releaseSeat(tx: EntityManager, session: TrainingSessionEntity, by: User | null, reason: string): Promise<void> {
    await this.sessionSeats.adjustSeats(tx, session.id, -1);
    await this.fillFreeSeats(tx, session, by, reason);
  }

  /**
   * Gives free seats to the head of the waitlist, in ticket order, until no seat or nobody is left; each promotion
   * is recorded and announced. Called after every change that frees a seat.
   */
  async fillFreeSeats(
    tx: EntityManager,
    session: TrainingSessionEntity,
    by: User | null,
    reason: string,
  ): Promise<number> {
    let promoted = 0;
    for (;;) {
      const heads = await tx.find(EnrolmentEntity, {
        where: { sessionId: session.id, status: EnrolmentStatus.WAITLISTED },
        order: { waitlistTicket: 'ASC' },
        take: 50,
      });
      if (!heads.length) return promoted;
      for (const head of heads) {
        if (!(await this.sessionSeats.takeSeat(tx, session.id))) return promoted;
        const funded = await this.fundedSeatFree(tx, session, head.partyCode);
        await this.transition(tx, [head], EnrolmentStatus.CONFIRMED, by, reason, { funded });
        await this.events.placed(tx, OutboxEventType.ENROLMENT_PROMOTED, head, null, by);
        promoted++;
      }
    }
  }

  /**
   * Moves enrolments to a new status and writes one history row each (who, when, from, to, why), and brings the
   * statistics' cells up to date. Seats are the caller's business: it knows whether the change frees or takes one.
   */
  async transition(
    tx: EntityManager,
    enrolments: EnrolmentEntity[],
    to: EnrolmentStatus,
    by: User | null,
    reason: string,
    patch: Partial<Pick<EnrolmentEntity, 'funded' | 'waitlistTicket' | 'endorsedById' | 'endorsedAt'>> = {},
    /** The words of whoever made the change (an endorser's reason), kept beside the platform's `reason`. */
    comment: string | null = null,
  ): Promise<void> {
    if (!enrolments.length) return;
    const now = this.clock.now();
    const ids = enrolments.map((e) => e.id);
    await tx
      .createQueryBuilder()
      .update(EnrolmentEntity)
      .set({ status: to, statusChangedAt: now, ...patch })
      .where('id = ANY(:ids)', { ids })
      .execute();
    await tx.query(
      `INSERT INTO enrolment_change (enrolment_id, from_status, to_status, by_id, reason, comment, at)
       SELECT id, from_status::enrolment_change_from_status_enum, $3::enrolment_change_to_status_enum, $4::uuid, $5::text, $7::text, $6::timestamptz
         FROM unnest($1::uuid[], $2::text[]) AS t(id, from_status)`,
      [ids, enrolments.map((e) => e.status), to, by?.id ?? null, reason.slice(0, 300), now, comment],
    );
    for (const e of enrolments) Object.assign(e, { status: to, statusChangedAt: now }, patch);
    await this.cells.refresh(tx, enrolments);
  }

  /**
   * A new enrolment, decided and written in one statement (issue #17, P1): the PL/pgSQL function `enrol_in_session`
   * (migration EnrolmentDecisionFunction) reads what does not need the lock, locks the session row, decides by the
   * rules of seat-rules.ts (their SQL twins, pinned to them by test/enrolment-decision.e2e-spec.ts) and writes the
   * enrolment, its history row, the seat or waitlist ticket, the statistics' cells and the outbox event, all before
   * the commit that ends the statement. Sent outside any transaction: the lock is held for the function and the
   * commit, not across round trips. Written as a WITH statement: a statement that does not start with SELECT is
   * one the catalogue cache counts as a committed change (CatalogueCachePlugin.afterQuery).
   */
  async enrolInSession(
    manager: EntityManager,
    request: EnrolmentRequest,
    payload: NewEnrolmentPayload,
    endorsement: EndorsementPayload | null,
  ): Promise<EnrolmentDecision> {
    const raw = rawEntity(manager, EnrolmentEntity);
    const [row] = await manager.query(
      `WITH decision AS (
         SELECT * FROM enrol_in_session($1::uuid, $2::uuid, $3::char(3), $4::varchar, $5::uuid, $6::boolean, $7::boolean,
                                        $8::timestamptz, $9::text, $10::jsonb, $11::jsonb))
       SELECT d.outcome, d.waitlist_position, d.missing_modules, d.party_name, d.party_region, d.session_status,
              d.session_starts_at, d.session_region, (d.enrolment_row).*
         FROM decision d`,
      [
        request.sessionId,
        request.delegate.id,
        request.delegate.partyCode,
        request.delegate.gender,
        request.actor.id,
        request.nominated,
        request.mayOverrideRegion,
        this.clock.now(),
        request.nominated ? 'nominated' : 'enrolled',
        JSON.stringify(payload),
        endorsement ? JSON.stringify(endorsement) : null,
      ],
    );
    return {
      outcome: row.outcome,
      enrolment: row.id ? raw.hydrate(row) : null,
      waitlistPosition: row.waitlist_position,
      missingModules: row.missing_modules ?? [],
      party: { name: row.party_name, region: row.party_region },
      session: { status: row.session_status, startsAt: row.session_starts_at, region: row.session_region },
    };
  }

  /** Rank on the session's waitlist (1 = next to be promoted). */
  async positionOf(tx: EntityManager, enrolment: EnrolmentEntity): Promise<number | null> {
    if (enrolment.status !== EnrolmentStatus.WAITLISTED || enrolment.waitlistTicket === null) return null;
    const [row] = await tx.query(
      `SELECT count(*)::int AS position FROM enrolment
        WHERE session_id = $1 AND status = 'WAITLISTED' AND waitlist_ticket <= $2`,
      [enrolment.sessionId, enrolment.waitlistTicket],
    );
    return row.position;
  }

  /** Funded travel: a workshop, a DEVELOPING or EIT Party, and a funded seat of the Party's allowance still free. */
  private async fundedSeatFree(tx: EntityManager, session: TrainingSessionEntity, partyCode: string): Promise<boolean> {
    if (!offersFundedSeats(session)) return false;
    const party = await this.catalogue.findParty(partyCode, tx);
    if (!party || !isFundableParty(party.status)) return false;
    const [row] = await tx.query(
      `SELECT count(*)::int AS used FROM enrolment
        WHERE session_id = $1 AND party_code = $2 AND funded AND status IN (${sqlList(SEAT_HOLDING)})`,
      [session.id, partyCode],
    );
    return fundedSeatLeft(row.used, session.fundedSeatsPerParty);
  }
}
