import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { OutboxEventType } from '@lib/queue';
import { badInput, conflict, forbidden, isUuid, notFound } from '@lib/common';
import {
  isPartyDelegate,
  mayCancelEnrolment,
  mayEndorseEnrolment,
  mayEnrolSelf,
  mayNominate,
  mayNominateOthers,
  mayOverrideRegion,
} from '../auth/policies';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { rawEntity } from '../database/raw-entity';
import { isUniqueViolation } from '../database/unique-violation';
import { SessionKind, SessionStatus } from '../sessions/session.enums';
import type { TrainingSessionEntity } from '../sessions/session.types';
import { SessionSeatsService } from '../sessions/session-seats.service';
import { SessionSchedulingService } from '../sessions/session-scheduling.service';
import { EnrolmentEntity } from './enrolment.entity';
import { ENDED, EnrolmentStatus, OPEN, SEAT_HOLDING, sqlList } from './enrolment-status.enum';
import { EnrolmentEventsService } from './enrolment-events.service';
import { SeatsService } from './seats.service';
import { Clock } from '../clock/clock';
import { endorsementStep, inWorkshopRegion } from './seat-rules';
import type { EndorsementPayload, EnrolmentDecision, EnrolmentRequest } from './enrolment-decision';

/** The longest reason an endorser may give with endorseEnrolment (docs/API.md). */
const MAX_ENDORSEMENT_REASON = 500;

/**
 * Delegates' enrolments: enrol, cancel, endorsement by the focal point, and the lists each role may read
 * (DOMAIN enrolment rules 1-9). Every change locks the session row first, then decides.
 */
@Injectable()
export class EnrolmentsService {
  /** Positions computed while placing enrolments, keyed by the entity returned (gone with it). */
  private readonly positionsKnown = new WeakMap<EnrolmentEntity, number | null>();

  constructor(
    @InjectRepository(EnrolmentEntity) private readonly enrolments: Repository<EnrolmentEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessionSeats: SessionSeatsService,
    private readonly scheduling: SessionSchedulingService,
    private readonly users: UsersService,
    private readonly seats: SeatsService,
    private readonly events: EnrolmentEventsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Enrols a delegate: the caller, or (for the Secretariat and the delegate's own focal point) the delegate named.
   * A nomination by either counts as endorsed; only the Secretariat's overrides the region rule.
   */
  async enrol(sessionId: string, actor: User, delegateId?: string | null): Promise<EnrolmentEntity> {
    const delegate = await this.delegateFor(actor, delegateId);
    if (!isUuid(sessionId)) throw notFound('Session', sessionId);
    const request = {
      sessionId,
      delegate,
      actor,
      nominated: delegate.id !== actor.id,
      mayOverrideRegion: mayOverrideRegion(actor, delegate),
    };
    const payload = this.events.newEnrolmentParts(delegate, actor);
    // One statement decides and writes (SeatsService.enrolInSession): the session's lock is held for microseconds,
    // not across round trips. A nomination awaiting endorsement first needs who is asked, read once the decision
    // says so (without holding anything), then decided again.
    let endorsement: EndorsementPayload | null = null;
    let decision: EnrolmentDecision;
    try {
      decision = await this.seats.enrolInSession(this.db.manager, request, payload, endorsement);
      if (decision.outcome === 'NEEDS_ENDORSERS') {
        endorsement = await this.events.endorsementParts(delegate.partyCode!);
        decision = await this.seats.enrolInSession(this.db.manager, request, payload, endorsement);
      }
    } catch (err) {
      // Only possible if the row lock was bypassed; the index still keeps one active enrolment.
      if (isUniqueViolation(err, 'UQ_enrolment_active_delegate')) {
        const winner = await this.findActive(sessionId, delegate.id);
        if (winner) return winner;
      }
      throw err;
    }
    return this.answer(decision, request, delegate);
  }

  /** The enrolment decided, or the refusal in the words of the rule that refused it. */
  private answer(decision: EnrolmentDecision, request: EnrolmentRequest, delegate: User): EnrolmentEntity {
    const { session, party } = decision;
    switch (decision.outcome) {
      case 'EXISTING':
        return decision.enrolment!;
      case 'PLACED': {
        const enrolment = decision.enrolment!;
        if (enrolment.status === EnrolmentStatus.WAITLISTED) {
          this.positionsKnown.set(enrolment, decision.waitlistPosition);
        }
        return enrolment;
      }
      case 'NOT_FOUND':
        throw notFound('Session', request.sessionId);
      case 'CLOSED':
        // The refusal is the scheduling rule's own (cancelled, completed or started).
        this.scheduling.requireScheduled(session as TrainingSessionEntity);
        break;
      case 'NOT_IN_REGION':
        if (!inWorkshopRegion(party.region, session.region, request.mayOverrideRegion)) {
          throw conflict(
            'NOT_IN_REGION',
            `This workshop is for Parties of ${session.region}; ${party.name ?? delegate.partyCode} is in ${party.region ?? undefined}`,
          );
        }
        break;
      case 'PREREQUISITE_MISSING':
        throw conflict(
          'PREREQUISITE_MISSING',
          `Attend a webinar of each prerequisite module first: ${decision.missingModules.join(', ')}`,
          { missingModules: decision.missingModules },
        );
      case 'NEEDS_ENDORSERS':
        break;
    }
    throw new Error(`enrol_in_session answered ${decision.outcome}, which the rules of seat-rules.ts do not give here`);
  }

  /** The delegate (or the Secretariat) cancels before the session starts; a freed seat goes to the waitlist's head. */
  async cancel(id: string, actor: User): Promise<EnrolmentEntity> {
    const enrolment = await this.requireEnrolment(id);
    if (!mayCancelEnrolment(actor, enrolment)) {
      throw forbidden('Only the delegate or the Secretariat may cancel this enrolment');
    }
    if (ENDED.includes(enrolment.status)) return enrolment;
    return this.db.transaction(async (tx) => {
      const session = await this.sessionSeats.lockForChange(tx, enrolment.sessionId);
      const current = await tx.findOneByOrFail(EnrolmentEntity, { id: enrolment.id });
      if (ENDED.includes(current.status)) return current;
      this.scheduling.requireScheduled(session);
      this.requireOpen(current);
      const reason = actor.id === current.delegateId ? 'cancelled by the delegate' : 'cancelled by the Secretariat';
      await this.cancelLocked(tx, session, current, actor, reason, 'promoted: a delegate cancelled');
      return current;
    });
  }

  /**
   * A disabled account holds no place: its open enrolments in sessions that have not started are cancelled the way
   * any cancellation is (history, the delegate's e-mail, a freed seat to the head of the waitlist), inside the
   * caller's transaction, the one that disables the account. Sessions are locked in id order, one after another.
   */
  async cancelAllOf(tx: EntityManager, delegateId: string, by: User, reason: string): Promise<EnrolmentEntity[]> {
    const open = await tx.find(EnrolmentEntity, {
      where: { delegateId, status: In([...OPEN]) },
      order: { sessionId: 'ASC', id: 'ASC' },
    });
    const cancelled: EnrolmentEntity[] = [];
    for (const { id, sessionId } of open) {
      const session = await this.sessionSeats.lockForChange(tx, sessionId);
      if (session.status !== SessionStatus.SCHEDULED || session.startsAt.getTime() <= this.clock.nowMs()) continue;
      const current = await tx.findOneByOrFail(EnrolmentEntity, { id });
      if (!OPEN.includes(current.status)) continue;
      const promotion = `promoted: a delegate's enrolment was cancelled (${reason})`;
      await this.cancelLocked(tx, session, current, by, reason, promotion);
      cancelled.push(current);
    }
    return cancelled;
  }

  /** The one way an enrolment is cancelled, under its session's lock. */
  private async cancelLocked(
    tx: EntityManager,
    session: TrainingSessionEntity,
    enrolment: EnrolmentEntity,
    by: User,
    reason: string,
    promotionReason: string,
  ): Promise<void> {
    const previous = enrolment.status;
    await this.seats.transition(tx, [enrolment], EnrolmentStatus.CANCELLED, by, reason);
    await this.events.ended(tx, OutboxEventType.ENROLMENT_CANCELLED, enrolment, previous, by);
    if (SEAT_HOLDING.includes(previous)) await this.seats.releaseSeat(tx, session, by, promotionReason);
  }

  /**
   * The Party's focal point (or the Secretariat) endorses a workshop nomination, which then takes a seat or joins
   * the waitlist, or declines it (also later, until the session starts), which frees any seat it held. Nobody
   * decides on their own nomination (mayEndorseEnrolment): a delegate withdraws with cancelEnrolment instead.
   */
  async endorse(id: string, approve: boolean, actor: User, reason: string | null = null): Promise<EnrolmentEntity> {
    if (reason !== null && reason.length > MAX_ENDORSEMENT_REASON) {
      throw badInput('reason', `reason must have at most ${MAX_ENDORSEMENT_REASON} characters`);
    }
    const enrolment = await this.requireEnrolment(id);
    const verdict = mayEndorseEnrolment(actor, enrolment);
    if (verdict === 'NOT_AN_ENDORSER') {
      throw forbidden("Only the delegate's Party focal point or the Secretariat may decide this nomination");
    }
    if (verdict === 'SELF_ENDORSEMENT') {
      throw conflict(
        'SELF_ENDORSEMENT',
        'Nobody decides on their own nomination: another focal point of the Party or the Secretariat must',
      );
    }
    return this.db.transaction(async (tx) => {
      const session = await this.sessionSeats.lockForChange(tx, enrolment.sessionId);
      const current = await tx.findOneByOrFail(EnrolmentEntity, { id: enrolment.id });
      if (session.kind !== SessionKind.WORKSHOP) {
        throw conflict('NO_ENDORSEMENT_NEEDED', 'Webinar enrolments need no endorsement');
      }
      const step = endorsementStep(current.status, approve);
      if (step === 'UNCHANGED') return current; // already endorsed, or already declined
      if (step === 'NOT_PENDING_ENDORSEMENT') throw conflict(step, `The enrolment is ${current.status}`);
      if (step === 'ENROLMENT_CLOSED') {
        throw conflict(step, `The enrolment is ${current.status} and can no longer change this way`);
      }
      if (step === 'TAKE_SEAT') {
        this.scheduling.requireScheduled(session);
        const placement = await this.seats.place(tx, session, current.partyCode);
        await this.seats.transition(
          tx,
          [current],
          placement.status,
          actor,
          'endorsed',
          {
            funded: placement.funded,
            waitlistTicket: placement.waitlistTicket,
            endorsedById: actor.id,
            endorsedAt: this.clock.now(),
          },
          reason,
        );
        if (placement.status === EnrolmentStatus.CONFIRMED) {
          await this.events.placed(tx, OutboxEventType.ENROLMENT_CONFIRMED, current, null, actor);
        } else {
          const position = await this.seats.positionOf(tx, current);
          await this.events.placed(tx, OutboxEventType.ENROLMENT_WAITLISTED, current, position, actor);
        }
        return current;
      }
      this.scheduling.requireScheduled(session);
      const previous = current.status;
      await this.seats.transition(tx, [current], EnrolmentStatus.DECLINED, actor, 'nomination declined', {}, reason);
      await this.events.ended(tx, OutboxEventType.ENROLMENT_DECLINED, current, previous, actor, reason);
      if (SEAT_HOLDING.includes(previous)) {
        await this.seats.releaseSeat(tx, session, actor, 'promoted: a nomination was declined');
      }
      return current;
    });
  }

  /**
   * For the assessments, inside their transaction: the session locked (attendance cannot change underneath) and the
   * delegate's active enrolment in it, if any.
   */
  async lockForAssessment(
    tx: EntityManager,
    sessionId: string,
    delegateId: string,
  ): Promise<{ session: TrainingSessionEntity; enrolment: EnrolmentEntity | null }> {
    const session = await this.sessionSeats.lockForChange(tx, sessionId);
    return { session, enrolment: await this.findActive(session.id, delegateId, tx) };
  }

  /**
   * An attendee who reached the pass mark completes the session (DOMAIN: ATTENDED + best post score ≥ pass mark);
   * the event it writes brings the certificate. Called under the session's lock (`lockForAssessment`).
   */
  async complete(tx: EntityManager, enrolment: EnrolmentEntity, by: User | null): Promise<void> {
    if (enrolment.status !== EnrolmentStatus.ATTENDED) return;
    await this.seats.transition(tx, [enrolment], EnrolmentStatus.COMPLETED, by, 'passed the post-course assessment');
    await this.events.completed(tx, enrolment, by);
  }

  // ---- results of the commands ----

  /**
   * The waitlist position an enrolment was given in the transaction that placed it, for the answer to that request
   * (the resolver need not ask again right after the commit).
   */
  positionKnown(enrolment: EnrolmentEntity): number | null | undefined {
    return this.positionsKnown.get(enrolment);
  }

  // ---- rules ----

  private async delegateFor(actor: User, delegateId?: string | null): Promise<User> {
    if (!delegateId || delegateId === actor.id) {
      if (!mayEnrolSelf(actor)) {
        throw forbidden('Only delegates enrol; the Secretariat and focal points name the delegate with delegateId');
      }
      return actor;
    }
    if (!mayNominateOthers(actor)) {
      throw forbidden('Only the Secretariat and focal points may enrol someone else');
    }
    const delegate = isUuid(delegateId) ? await this.users.findById(delegateId) : null;
    if (!delegate || delegate.disabledAt || !isPartyDelegate(delegate)) {
      throw badInput('delegateId', 'delegateId is not an active delegate');
    }
    if (!mayNominate(actor, delegate)) {
      throw forbidden("A focal point nominates their own Party's delegates only");
    }
    return delegate;
  }

  private requireOpen(enrolment: EnrolmentEntity): void {
    if (!OPEN.includes(enrolment.status)) {
      throw conflict('ENROLMENT_CLOSED', `The enrolment is ${enrolment.status} and can no longer change this way`);
    }
  }

  private async requireEnrolment(id: string): Promise<EnrolmentEntity> {
    const enrolment = isUuid(id) ? await this.enrolments.findOneBy({ id }) : null;
    if (!enrolment) throw notFound('Enrolment', id);
    return enrolment;
  }

  /** The delegate's one active enrolment in the session, if any (inside `tx` when given). */
  private async findActive(sessionId: string, delegateId: string, tx?: EntityManager): Promise<EnrolmentEntity | null> {
    const manager = tx ?? this.enrolments.manager;
    const raw = rawEntity(manager, EnrolmentEntity);
    // Plain SQL, not the query builder: every enrolment runs it (see RawEntity). The predicate is its unique index's
    // (UQ_enrolment_active_delegate).
    return raw.first(
      await manager.query(
        `SELECT ${raw.columns} FROM ${raw.table}
          WHERE "session_id" = $1 AND "delegate_id" = $2 AND "status" NOT IN (${sqlList(ENDED)}) LIMIT 1`,
        [sessionId, delegateId],
      ),
    );
  }
}
