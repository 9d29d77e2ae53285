import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { badInput, conflict, isUuid } from '@lib/common';
import { mayRecordAttendanceOf } from '../auth/policies';
import type { User } from '../auth/user.entity';
import { SessionStatus } from '../sessions/session.enums';
import type { TrainingSessionEntity } from '../sessions/session.types';
import { SessionSeatsService } from '../sessions/session-seats.service';
import { SessionSchedulingService } from '../sessions/session-scheduling.service';
import { SessionAccessService } from '../sessions/session-access.service';
import { EnrolmentEntity } from './enrolment.entity';
import { EnrolmentStatus, OPEN, SEAT_HOLDING, sqlList, WAITING } from './enrolment-status.enum';
import { EnrolmentEventsService } from './enrolment-events.service';
import { SeatsService } from './seats.service';
import { Clock } from '../clock/clock';

const MAX_ATTENDANCE_BATCH = 2000;
const holdsSeat = (s: EnrolmentStatus) => SEAT_HOLDING.includes(s);
/** The enrolments attendance is recorded for: confirmed ones, and corrections of those already marked. */
const MARKABLE = [EnrolmentStatus.CONFIRMED, EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW] as const;
/** Sessions whose waiting enrolments one sweep expires at most (the next sweep takes the rest). */
const SWEEP_BATCH = 200;

type ExpiryCause = 'SESSION_STARTED' | 'SESSION_COMPLETED';

/** An enrolment attendance may be recorded for (CONFIRMED, ATTENDED or NO_SHOW), as other features see it. */
export type MarkableEnrolment = Pick<EnrolmentEntity, 'id' | 'delegateId' | 'status'>;

/**
 * Changes to a session that reach its enrolments: rescheduling, capacity, cancellation, attendance and completion.
 * Each runs in one transaction under the session's row lock, with its history rows and its outbox event.
 */
@Injectable()
export class SessionLifecycleService {
  private readonly logger = new Logger('SessionLifecycle');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessionSeats: SessionSeatsService,
    private readonly scheduling: SessionSchedulingService,
    private readonly sessionAccess: SessionAccessService,
    private readonly seats: SeatsService,
    private readonly events: EnrolmentEventsService,
    private readonly clock: Clock,
  ) {}

  async reschedule(id: string, startsAt: Date, endsAt: Date, actor: User): Promise<TrainingSessionEntity> {
    const session = await this.sessionAccess.requireManageable(id, actor);
    return this.db.transaction(async (tx) => {
      const locked = await this.sessionSeats.lockForChange(tx, session.id);
      this.scheduling.requireScheduled(locked);
      const updated = await this.scheduling.applyReschedule(tx, locked, startsAt, endsAt);
      const active = await this.withStatus(tx, locked.id, OPEN);
      await this.events.sessionRescheduled(tx, locked.id, locked, active, actor);
      return updated;
    });
  }

  /** Raising the capacity promotes as many waitlisted delegates as there are new seats, at once. */
  async setCapacity(id: string, capacity: number, actor: User): Promise<TrainingSessionEntity> {
    this.scheduling.checkCapacity(capacity);
    const session = await this.sessionAccess.requireManageable(id, actor);
    return this.db.transaction(async (tx) => {
      const locked = await this.sessionSeats.lockForChange(tx, session.id);
      this.scheduling.requireScheduled(locked);
      const updated = await this.scheduling.applyCapacity(tx, locked, capacity);
      if (capacity <= locked.capacity) return updated;
      await this.seats.fillFreeSeats(tx, updated, actor, 'promoted: the capacity was raised');
      return this.scheduling.reload(tx, updated.id);
    });
  }

  /** Cancels the session and every open enrolment in it; nobody is promoted, one event tells them all. */
  async cancel(id: string, reason: string, actor: User): Promise<TrainingSessionEntity> {
    const text = this.scheduling.checkReason(reason);
    const session = await this.sessionAccess.requireManageable(id, actor);
    return this.db.transaction(async (tx) => {
      const locked = await this.sessionSeats.lockForChange(tx, session.id);
      this.scheduling.requireScheduled(locked);
      const open = await this.withStatus(tx, locked.id, OPEN);
      const before = new Map(open.map((e) => [e.id, e.status]));
      await this.seats.transition(tx, open, EnrolmentStatus.CANCELLED, actor, 'the session was cancelled');
      const updated = await this.scheduling.applyCancel(tx, locked, text);
      await this.events.sessionCancelled(tx, locked.id, text, open, before, actor);
      return updated;
    });
  }

  /** Marks delegates present or absent, once the session has started and until it is completed; corrections allowed. */
  async recordAttendance(
    sessionId: string,
    delegateIds: string[],
    attended: boolean,
    actor: User,
  ): Promise<EnrolmentEntity[]> {
    const ids = [...new Set(delegateIds)];
    if (ids.length < 1 || ids.length > MAX_ATTENDANCE_BATCH) {
      throw badInput('delegateIds', `give 1 to ${MAX_ATTENDANCE_BATCH} delegate ids`);
    }
    const malformed = ids.filter((d) => !isUuid(d));
    if (malformed.length) throw badInput('delegateIds', `not ids: ${malformed.slice(0, 5).join(', ')}`);
    const session = await this.sessionAccess.requireRunner(sessionId, actor);
    this.requireNotSelf(actor, ids);
    this.scheduling.requireUnderWay(session);
    return this.db.transaction(async (tx) => {
      const locked = await this.sessionSeats.lockForChange(tx, session.id);
      this.scheduling.requireUnderWay(locked);
      const rows = await tx.find(EnrolmentEntity, {
        where: { sessionId: locked.id, delegateId: In(ids), status: In([...MARKABLE]) },
      });
      const found = new Set(rows.map((r) => r.delegateId));
      const missing = ids.filter((d) => !found.has(d));
      if (missing.length) {
        throw badInput('delegateIds', `no confirmed enrolment in this session for ${missing.length} of the delegates`, {
          delegateIds: missing,
        });
      }
      await this.markAttendance(tx, locked.id, rows, attended, actor, attended ? 'marked present' : 'marked absent');
      const order = new Map(ids.map((d, i) => [d, i]));
      return rows.sort((a, b) => order.get(a.delegateId)! - order.get(b.delegateId)!);
    });
  }

  /**
   * Attendance decided from the session's markable enrolments as they stand under its lock (the import of a webinar
   * tool's participant report): the same checks as recordAttendance (the session's runners, SELF_ATTENDANCE, once
   * started and until completed) and the same rule, in one transaction. `decide` sees the CONFIRMED, ATTENDED and
   * NO_SHOW enrolments and names those present and those absent; each history row gives `reason`. Returns what
   * `decide` returned and how many enrolments changed status (none when the same decision is applied twice).
   */
  async recordDecidedAttendance<T>(
    sessionId: string,
    actor: User,
    reason: string,
    decide: (
      tx: EntityManager,
      session: TrainingSessionEntity,
      enrolments: MarkableEnrolment[],
    ) => Promise<{ present: string[]; absent: string[]; result: T }>,
  ): Promise<{ result: T; changed: number }> {
    const session = await this.sessionAccess.requireRunner(sessionId, actor);
    this.scheduling.requireUnderWay(session);
    return this.db.transaction(async (tx) => {
      const locked = await this.sessionSeats.lockForChange(tx, session.id);
      this.scheduling.requireUnderWay(locked);
      const rows = await this.withStatus(tx, locked.id, MARKABLE);
      const { present, absent, result } = await decide(tx, locked, rows);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((r): r is EnrolmentEntity => !!r);
      const [presentRows, absentRows] = [pick(present), pick(absent)];
      this.requireNotSelf(
        actor,
        [...presentRows, ...absentRows].map((r) => r.delegateId),
      );
      const changed =
        (await this.markAttendance(tx, locked.id, presentRows, true, actor, reason)) +
        (await this.markAttendance(tx, locked.id, absentRows, false, actor, reason));
      return { result, changed };
    });
  }

  /** The session's enrolments attendance may be recorded for, oldest first (read without a lock: a preview). */
  async markableEnrolments(sessionId: string): Promise<MarkableEnrolment[]> {
    const rows = await this.withStatus(this.db.manager, sessionId, MARKABLE);
    return rows.map(({ id, delegateId, status }) => ({ id, delegateId, status }));
  }

  /** The refusal of recordAttendance for a runner who is among the delegates marked. */
  requireNotSelf(actor: User, delegateIds: string[]): void {
    if (!mayRecordAttendanceOf(actor, delegateIds)) {
      throw conflict('SELF_ATTENDANCE', "Nobody records their own attendance: another of the session's runners must", {
        field: 'delegateIds',
      });
    }
  }

  /**
   * The attendance rule, inside a transaction holding the session's lock: the enrolments not yet in the target status
   * move to ATTENDED or NO_SHOW with a history row each, and the seats follow. Returns how many changed.
   */
  private async markAttendance(
    tx: EntityManager,
    sessionId: string,
    rows: EnrolmentEntity[],
    attended: boolean,
    actor: User,
    reason: string,
  ): Promise<number> {
    const target = attended ? EnrolmentStatus.ATTENDED : EnrolmentStatus.NO_SHOW;
    const changing = rows.filter((r) => r.status !== target);
    const delta = changing.reduce((sum, r) => sum + Number(holdsSeat(target)) - Number(holdsSeat(r.status)), 0);
    await this.seats.transition(tx, changing, target, actor, reason);
    await this.sessionSeats.adjustSeats(tx, sessionId, delta);
    return changing.length;
  }

  /** Closes a session that has started: delegates not marked present become NO_SHOW; attendees are announced. */
  async complete(id: string, actor: User): Promise<TrainingSessionEntity> {
    const session = await this.sessionAccess.requireRunner(id, actor);
    this.scheduling.requireUnderWay(session);
    return this.db.transaction(async (tx) => {
      const locked = await this.sessionSeats.lockForChange(tx, session.id);
      this.scheduling.requireUnderWay(locked);
      const absent = await this.withStatus(tx, locked.id, [EnrolmentStatus.CONFIRMED]);
      await this.seats.transition(
        tx,
        absent,
        EnrolmentStatus.NO_SHOW,
        actor,
        'not marked present when the session was completed',
      );
      await this.sessionSeats.adjustSeats(tx, locked.id, -absent.length);
      await this.expireWaiting(tx, locked, 'SESSION_COMPLETED', actor);
      // Those who already passed the post-course assessment are COMPLETED: they attended too (the follow-up is theirs).
      const attendees = await this.withStatus(tx, locked.id, [EnrolmentStatus.ATTENDED, EnrolmentStatus.COMPLETED]);
      const [{ count }] = await tx.query(
        `SELECT count(*)::int AS count FROM enrolment WHERE session_id = $1 AND status = 'NO_SHOW'`,
        [locked.id],
      );
      const updated = await this.scheduling.applyComplete(tx, locked);
      await this.events.sessionCompleted(tx, locked.id, attendees, count, actor);
      return updated;
    });
  }

  /**
   * Expires the waitlisted and pending enrolments of every session whose start has passed, without anyone acting (the
   * job scheduler runs it every SESSION_SWEEP_INTERVAL; a completed session's were expired by `complete`, older ones
   * are caught here too). Each session in its own transaction, decided again under its row lock, so a sweep run
   * twice, or by several workers at once, or beside a completion, expires each enrolment exactly once.
   */
  async expireStarted(now = this.clock.now()): Promise<{ sessions: number; enrolments: number }> {
    // Driven by IDX_enrolment_waiting, which holds only the enrolments still waiting.
    const due: { id: string }[] = await this.db.query(
      `SELECT s.id FROM training_session s
        WHERE s.id IN (SELECT e.session_id FROM enrolment e WHERE e.status IN (${sqlList(WAITING)}))
          AND s.starts_at <= $1 AND s.status <> $2
        ORDER BY s.starts_at, s.id
        LIMIT ${SWEEP_BATCH}`,
      [now, SessionStatus.CANCELLED],
    );
    let enrolments = 0;
    for (const { id } of due) {
      enrolments += await this.db.transaction(async (tx) => {
        const locked = await this.sessionSeats.lockForChange(tx, id);
        if (locked.status === SessionStatus.CANCELLED || locked.startsAt > now) return 0;
        const cause = locked.status === SessionStatus.COMPLETED ? 'SESSION_COMPLETED' : 'SESSION_STARTED';
        return this.expireWaiting(tx, locked, cause, null);
      });
    }
    if (enrolments) {
      this.logger.log({ msg: `expired ${enrolments} waiting enrolment(s) of ${due.length} started session(s)` });
    }
    return { sessions: due.length, enrolments };
  }

  /**
   * Once a session has started nothing can give its waitlisted delegates a seat or its pending nominations an
   * endorsement: they become EXPIRED (no seat held, the delegate's place in the session freed), with a history row
   * saying why and one event that tells each of them.
   */
  private async expireWaiting(
    tx: EntityManager,
    session: TrainingSessionEntity,
    cause: ExpiryCause,
    by: User | null,
  ): Promise<number> {
    const waiting = await this.withStatus(tx, session.id, WAITING);
    if (!waiting.length) return 0;
    const before = new Map(waiting.map((e) => [e.id, e.status]));
    const when = cause === 'SESSION_COMPLETED' ? 'the session was completed' : 'the session started';
    const waitlisted = waiting.filter((e) => e.status === EnrolmentStatus.WAITLISTED);
    const pending = waiting.filter((e) => e.status === EnrolmentStatus.PENDING_ENDORSEMENT);
    const expire = (list: EnrolmentEntity[], before: string) =>
      this.seats.transition(tx, list, EnrolmentStatus.EXPIRED, by, `expired: ${when} before ${before}`);
    await expire(waitlisted, 'a seat became free');
    await expire(pending, 'the nomination was endorsed');
    await this.events.enrolmentsExpired(tx, session.id, waiting, before, cause, by);
    return waiting.length;
  }

  private withStatus(tx: EntityManager, sessionId: string, statuses: readonly EnrolmentStatus[]) {
    return tx.find(EnrolmentEntity, {
      where: { sessionId, status: In([...statuses]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
