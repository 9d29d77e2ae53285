import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { badInput, canonicalTimeZone, conflict, forbidden, isUuid, notFound, usdToCents } from '@lib/common';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ModuleTrainersService } from '../module-trainers/module-trainers.service';
import { Language, UnRegion } from '../catalogue/catalogue.enums';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { isSecretariat, mayScheduleWebinar } from '../auth/policies';
import { Role } from '../auth/role.enum';
import { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { rawEntity } from '../database/raw-entity';
import { byKeys } from '../graphql/loaders';
import { Connection, paginateByTimeAndId } from '../graphql/pagination';
import type { SessionSnapshot, UpcomingSession } from '@lib/queue';
import { WebinarInput, WorkshopInput } from './dto/session.inputs';
import { SessionKind, SessionStatus, TrainingSessionEntity } from './session.entity';

export interface SessionFilter {
  kind?: SessionKind | null;
  moduleCode?: string | null;
  region?: UnRegion | null;
  from?: Date | null;
  to?: Date | null;
  status?: SessionStatus | null;
}

/**
 * The select list (session `s`) and joins of a session snapshot, for a statement that reads other rows beside the
 * session (a reminder reads its enrolment, its delegate and its session at once); `snapshotOfRow` maps the row.
 */
export const SNAPSHOT_COLUMNS = `s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.language, s.status, s.sequence,
       s.region, s.venue, s.join_url, c.name AS centre_name, c.city AS centre_city,
       COALESCE((SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'passMark', m.pass_mark) ORDER BY m.code)
                 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id
                 WHERE sm.session_id = s.id), '[]') AS modules`;
export const SNAPSHOT_JOINS = `LEFT JOIN regional_centre c ON c.id = s.host_centre_id`;

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

/** Dates outside these bounds are typing mistakes, not training sessions. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** The catalogue of webinars and workshops, and their scheduling. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(TrainingSessionEntity) private readonly sessions: Repository<TrainingSessionEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly users: UsersService,
    private readonly moduleTrainers: ModuleTrainersService,
  ) {}

  /** Plain SQL, not the query builder: every enrolment reads its session (see RawEntity). */
  async findById(id: string): Promise<TrainingSessionEntity | null> {
    if (!isUuid(id)) return null;
    const raw = rawEntity(this.sessions.manager, TrainingSessionEntity);
    return raw.first(
      await this.sessions.query(`SELECT ${raw.columns} FROM ${raw.table} WHERE "id" = $1 LIMIT 1`, [id]),
    );
  }

  async requireSession(id: string): Promise<TrainingSessionEntity> {
    const session = await this.findById(id);
    if (!session) throw notFound('Session', id);
    return session;
  }

  /** A page of sessions in start order (keyset pagination on startsAt, id), with the total for the filter. */
  async list(filter: SessionFilter, first: number, after?: string | null): Promise<Connection<TrainingSessionEntity>> {
    const qb = this.sessions.createQueryBuilder('s');
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.region) qb.andWhere('s.region = :region', { region: filter.region });
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.from) qb.andWhere('s.ends_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('s.starts_at <= :to', { to: filter.to });
    if (filter.moduleCode) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id
                 WHERE sm.session_id = s.id AND m.code = :moduleCode)`,
        { moduleCode: filter.moduleCode.toUpperCase() },
      );
    }
    return paginateByTimeAndId(
      qb,
      { first, after },
      {
        timeColumn: 's.starts_at',
        idColumn: 's.id',
        idOf: (s) => s.id,
      },
    );
  }

  /** Modules of many sessions at once (for the per-request loader): one list per id, in order. */
  modulesOf(sessionIds: readonly string[]): Promise<ThematicModule[][]> {
    return this.linked('session_module', 'module_id', sessionIds, (ids) => this.catalogue.modulesByIds(ids));
  }

  prerequisitesOf(sessionIds: readonly string[]): Promise<ThematicModule[][]> {
    return this.linked('session_prerequisite', 'module_id', sessionIds, (ids) => this.catalogue.modulesByIds(ids));
  }

  trainersOf(sessionIds: readonly string[]): Promise<User[][]> {
    return this.linked('session_trainer', 'user_id', sessionIds, (ids) => this.users.usersByIds(ids));
  }

  /** Two queries whatever the number of sessions: the link rows, then the linked rows through their service. */
  private async linked<T extends { id: string }>(
    table: 'session_module' | 'session_prerequisite' | 'session_trainer',
    column: 'module_id' | 'user_id',
    sessionIds: readonly string[],
    load: (ids: string[]) => Promise<T[]>,
  ): Promise<T[][]> {
    const links: { session_id: string; target: string }[] = await this.db.query(
      `SELECT session_id, ${column} AS target FROM ${table} WHERE session_id = ANY($1::uuid[])`,
      [sessionIds],
    );
    const targets = links.length ? await load([...new Set(links.map((l) => l.target))]) : [];
    const byId = new Map(targets.map((t) => [t.id, t]));
    return sessionIds.map((sid) =>
      links
        .filter((l) => l.session_id === sid)
        .map((l) => byId.get(l.target))
        .filter((t): t is T => t !== undefined),
    );
  }

  /** Sessions by id, in the order asked (null where none): the batch behind the session loader. */
  async sessionsByIds(ids: readonly string[]): Promise<(TrainingSessionEntity | null)[]> {
    const valid = ids.filter(isUuid);
    return byKeys(ids, valid.length ? await this.sessions.findBy({ id: In(valid) }) : [], (s) => s.id);
  }

  /** Scheduled and completed sessions of a module. */
  async idsOfModule(moduleId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT s.id FROM training_session s JOIN session_module sm ON sm.session_id = s.id
        WHERE sm.module_id = $1 AND s.status <> 'CANCELLED'`,
      [moduleId],
    );
    return rows.map((r) => r.id);
  }

  /** Adds spending to a workshop's actual cost, inside the caller's transaction (the expenditure it records). */
  async addActualCost(tx: EntityManager, sessionId: string, cents: number): Promise<void> {
    const result = await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ actualCostCents: () => `COALESCE(actual_cost_cents, 0) + ${Math.trunc(cents)}` })
      .where('id = :id AND kind = :kind', { id: sessionId, kind: SessionKind.WORKSHOP })
      .execute();
    if (!result.affected) throw badInput('sessionId', 'expenditure can be recorded against a workshop only');
  }

  /** Sessions a user trains. */
  async idsTrainedBy(userId: string): Promise<string[]> {
    const rows: { session_id: string }[] = await this.db.query(
      'SELECT session_id FROM session_trainer WHERE user_id = $1',
      [userId],
    );
    return rows.map((r) => r.session_id);
  }

  async isTrainerOf(userId: string, sessionId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM session_trainer WHERE session_id = $1 AND user_id = $2', [
      sessionId,
      userId,
    ]);
    return rows.length > 0;
  }

  async scheduleWebinar(input: WebinarInput, actor: User): Promise<TrainingSessionEntity> {
    const [module] = await this.catalogue.requireModules([input.moduleCode], 'moduleCode');
    const moduleTrainerIds = await this.moduleTrainers.idsOf(module.id);
    if (!mayScheduleWebinar(actor, moduleTrainerIds)) {
      throw forbidden(`Only the Secretariat and the trainers assigned to ${module.code} may schedule its webinars`);
    }
    const times = this.checkTimes(input.startsAt, input.endsAt, input.timeZone);
    let trainerIds = await this.checkTrainers(input.trainerIds ?? []);
    if (!isSecretariat(actor)) {
      // A trainer shares their webinar only with trainers of the module: running it shows its delegates' details.
      const unassigned = trainerIds.filter((id) => !moduleTrainerIds.includes(id));
      if (unassigned.length) throw badInput('trainerIds', `not assigned to ${module.code}: ${unassigned.join(', ')}`);
      // A trainer schedules their own webinars: they run it, whoever else is named.
      if (!trainerIds.includes(actor.id)) trainerIds = [actor.id, ...trainerIds];
    }
    return this.db.transaction(async (tx) => {
      const session = await tx.save(
        tx.create(TrainingSessionEntity, {
          kind: SessionKind.WEBINAR,
          title: input.title.trim(),
          ...times,
          capacity: input.capacity,
          joinUrl: input.joinUrl,
          language: input.language ?? Language.EN,
          fundedSeatsPerParty: 0,
          createdById: actor.id,
        }),
      );
      await this.link(tx, session.id, [module.id], [], trainerIds);
      return session;
    });
  }

  async createWorkshop(input: WorkshopInput, actor: User): Promise<TrainingSessionEntity> {
    const modules = await this.catalogue.requireModules(input.moduleCodes, 'moduleCodes');
    const prerequisites = await this.catalogue.requireModules(
      input.prerequisiteModuleCodes ?? [],
      'prerequisiteModuleCodes',
    );
    const times = this.checkTimes(input.startsAt, input.endsAt, input.timeZone);
    if (input.hostCentreId) {
      const centre = await this.catalogue.findCentre(input.hostCentreId);
      if (!centre) throw badInput('hostCentreId', 'unknown regional centre');
      const country = await this.catalogue.findParty(centre.countryCode);
      if (country && country.region !== input.region) {
        throw badInput('hostCentreId', `${centre.name} is not in the region ${input.region}`);
      }
    }
    const trainerIds = await this.checkTrainers(input.trainerIds ?? []);
    let plannedCostCents: number;
    try {
      plannedCostCents = usdToCents(input.plannedCostUsd);
    } catch (err) {
      throw badInput('plannedCostUsd', (err as Error).message);
    }
    return this.db.transaction(async (tx) => {
      const session = await tx.save(
        tx.create(TrainingSessionEntity, {
          kind: SessionKind.WORKSHOP,
          title: input.title.trim(),
          ...times,
          capacity: input.capacity,
          region: input.region,
          hostCentreId: input.hostCentreId ?? null,
          venue: input.venue.trim(),
          fundedSeatsPerParty: input.fundedSeatsPerParty ?? 1,
          plannedCostCents: String(plannedCostCents),
          language: input.language ?? Language.EN,
          createdById: actor.id,
        }),
      );
      await this.link(
        tx,
        session.id,
        modules.map((m) => m.id),
        prerequisites.map((m) => m.id),
        trainerIds,
      );
      return session;
    });
  }

  /**
   * Locks the session row until the transaction ends. Every change to a session's seats, waitlist or enrolments
   * takes this lock first, so those changes happen one after another per session, in any number of processes.
   */
  async lockForChange(tx: EntityManager, id: string): Promise<TrainingSessionEntity> {
    const raw = rawEntity(tx, TrainingSessionEntity);
    const session = isUuid(id)
      ? raw.first(await tx.query(`SELECT ${raw.columns} FROM ${raw.table} WHERE "id" = $1 LIMIT 1 FOR UPDATE`, [id]))
      : null;
    if (!session) throw notFound('Session', id);
    return session;
  }

  /** Takes one seat if one is free: the conditional UPDATE the CHECK constraint backs. */
  async takeSeat(tx: EntityManager, id: string): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ seatsTaken: () => 'seats_taken + 1' })
      .where('id = :id AND seats_taken < capacity', { id })
      .execute();
    return result.affected === 1;
  }

  /** Gives back (negative) or takes (positive) seats whose holders changed state, e.g. at attendance. */
  async adjustSeats(tx: EntityManager, id: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ seatsTaken: () => `seats_taken + ${Math.trunc(delta)}` })
      .where('id = :id', { id })
      .execute();
  }

  /** The next waitlist ticket of the session (the order in which its waitlist is served). */
  async drawWaitlistTicket(tx: EntityManager, id: string): Promise<number> {
    const result = await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ waitlistTickets: () => 'waitlist_tickets + 1' })
      .where('id = :id', { id })
      .returning('waitlist_tickets')
      .execute();
    return Number((result.raw as { waitlist_tickets: number }[])[0].waitlist_tickets);
  }

  async applyReschedule(
    tx: EntityManager,
    session: TrainingSessionEntity,
    startsAt: Date,
    endsAt: Date,
  ): Promise<TrainingSessionEntity> {
    const times = this.checkTimes(startsAt, endsAt, session.timeZone);
    await tx.update(
      TrainingSessionEntity,
      { id: session.id },
      { startsAt: times.startsAt, endsAt: times.endsAt, sequence: () => 'sequence + 1' },
    );
    return this.reload(tx, session.id);
  }

  /** Capacity never goes below the seats already taken (the caller holds the session lock). */
  async applyCapacity(
    tx: EntityManager,
    session: TrainingSessionEntity,
    capacity: number,
  ): Promise<TrainingSessionEntity> {
    const result = await tx
      .createQueryBuilder()
      .update(TrainingSessionEntity)
      .set({ capacity })
      .where('id = :id AND seats_taken <= :capacity', { id: session.id, capacity })
      .execute();
    if (!result.affected) {
      throw conflict('CAPACITY_BELOW_SEATS_TAKEN', `capacity cannot go below the ${session.seatsTaken} seats taken`, {
        field: 'capacity',
      });
    }
    return this.reload(tx, session.id);
  }

  /** Cancels the session; its enrolments (cancelled by the caller in the same transaction) hold no seats any more. */
  async applyCancel(tx: EntityManager, session: TrainingSessionEntity, reason: string): Promise<TrainingSessionEntity> {
    await tx.update(
      TrainingSessionEntity,
      { id: session.id, status: SessionStatus.SCHEDULED },
      { status: SessionStatus.CANCELLED, cancelReason: reason, seatsTaken: 0, sequence: () => 'sequence + 1' },
    );
    return this.reload(tx, session.id);
  }

  async applyComplete(tx: EntityManager, session: TrainingSessionEntity): Promise<TrainingSessionEntity> {
    await tx.update(
      TrainingSessionEntity,
      { id: session.id, status: SessionStatus.SCHEDULED },
      { status: SessionStatus.COMPLETED, sequence: () => 'sequence + 1' },
    );
    return this.reload(tx, session.id);
  }

  /** The session as an event payload describes it: one query with its modules and host centre. */
  async snapshot(tx: EntityManager, id: string): Promise<SessionSnapshot> {
    const [row] = await tx.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM training_session s ${SNAPSHOT_JOINS} WHERE s.id = $1`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return snapshotOfRow(row);
  }

  /**
   * The next scheduled sessions of a session's modules that its delegates may enrol in, soonest first: webinars, and
   * workshops of its region when it is a workshop (its delegates are of that region; a webinar's may be of any).
   */
  async upcomingLike(tx: EntityManager, sessionId: string, limit = 5): Promise<UpcomingSession[]> {
    const rows: Record<string, any>[] = await tx.query(
      `SELECT s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.region,
              (SELECT json_agg(json_build_object('code', m.code, 'title', m.title) ORDER BY m.code)
                 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id WHERE sm.session_id = s.id) AS modules
         FROM training_session s
        WHERE s.status = $2 AND s.starts_at > now() AND s.id <> $1
          AND EXISTS (SELECT 1 FROM session_module sm
                       WHERE sm.session_id = s.id
                         AND sm.module_id IN (SELECT module_id FROM session_module WHERE session_id = $1))
          AND (s.kind = $3 OR s.region = (SELECT w.region FROM training_session w WHERE w.id = $1 AND w.kind = $4))
        ORDER BY s.starts_at, s.id
        LIMIT $5`,
      [sessionId, SessionStatus.SCHEDULED, SessionKind.WEBINAR, SessionKind.WORKSHOP, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      timeZone: r.time_zone,
      modules: r.modules ?? [],
      region: r.region,
    }));
  }

  async reload(tx: EntityManager, id: string): Promise<TrainingSessionEntity> {
    return (await tx.findOneBy(TrainingSessionEntity, { id }))!;
  }

  checkCapacity(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100_000) {
      throw badInput('capacity', 'capacity must be between 1 and 100000');
    }
  }

  checkReason(reason: string): string {
    const text = reason.trim();
    if (text.length < 1 || text.length > 2000) throw badInput('reason', 'reason must have 1 to 2000 characters');
    return text;
  }

  /**
   * Those who run a session: its trainers, the staff of its host regional centre, and the Secretariat. They see
   * its enrolments, record attendance and complete it.
   */
  async mayRun(actor: User, session: TrainingSessionEntity): Promise<boolean> {
    if (isSecretariat(actor)) return true;
    if (
      actor.roles.includes(Role.REGIONAL_CENTRE) &&
      !!actor.regionalCentreId &&
      actor.regionalCentreId === session.hostCentreId
    ) {
      return true;
    }
    return actor.roles.includes(Role.TRAINER) && this.isTrainerOf(actor.id, session.id);
  }

  async requireRunner(id: string, actor: User): Promise<TrainingSessionEntity> {
    const session = await this.requireSession(id);
    if (!(await this.mayRun(actor, session))) {
      throw forbidden("Only the session's trainers, its host regional centre and the Secretariat may do this");
    }
    return session;
  }

  /** The Secretariat manages every session; a trainer manages the webinars they run. */
  async requireManageable(id: string, actor: User): Promise<TrainingSessionEntity> {
    const session = await this.requireSession(id);
    if (isSecretariat(actor)) return session;
    if (
      session.kind === SessionKind.WEBINAR &&
      actor.roles.includes(Role.TRAINER) &&
      (await this.isTrainerOf(actor.id, session.id))
    ) {
      return session;
    }
    throw forbidden('Only the Secretariat, or a trainer of this webinar, may change it');
  }

  /** Open for changes and enrolments: scheduled and not yet started. */
  requireScheduled(session: TrainingSessionEntity): void {
    this.requireNotClosed(session);
    if (session.startsAt.getTime() <= Date.now()) throw conflict('SESSION_STARTED', 'The session has started');
  }

  /** Open for attendance and completion: started, and neither cancelled nor completed. */
  requireUnderWay(session: TrainingSessionEntity): void {
    this.requireNotClosed(session);
    if (session.startsAt.getTime() > Date.now()) {
      throw conflict('SESSION_NOT_STARTED', 'Attendance is recorded once the session has started');
    }
  }

  private requireNotClosed(session: TrainingSessionEntity): void {
    if (session.status === SessionStatus.CANCELLED) throw conflict('SESSION_CANCELLED', 'The session is cancelled');
    if (session.status === SessionStatus.COMPLETED) throw conflict('SESSION_COMPLETED', 'The session is completed');
  }

  private checkTimes(startsAt: Date, endsAt: Date, timeZone: string) {
    const zone = canonicalTimeZone(timeZone);
    if (!zone) throw badInput('timeZone', `unknown IANA time zone ${timeZone}`);
    const start = startsAt.getTime();
    const end = endsAt.getTime();
    if (!(start >= EARLIEST && start < LATEST)) throw badInput('startsAt', 'startsAt must be between 2000 and 2100');
    if (!(end >= EARLIEST && end < LATEST)) throw badInput('endsAt', 'endsAt must be between 2000 and 2100');
    if (start <= Date.now()) throw badInput('startsAt', 'startsAt must be in the future');
    if (end <= start) throw badInput('endsAt', 'endsAt must be after startsAt');
    if (end - start > 31 * 24 * 3600 * 1000) throw badInput('endsAt', 'a session lasts at most 31 days');
    return { startsAt, endsAt, timeZone: zone };
  }

  private async checkTrainers(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const users = await this.users.usersByIds(unique);
    const bad = unique.filter((id) => !users.some((u) => u.id === id && u.roles.includes(Role.TRAINER)));
    if (bad.length) throw badInput('trainerIds', `not trainers: ${bad.join(', ')}`);
    return unique;
  }

  private async link(
    tx: EntityManager,
    sessionId: string,
    moduleIds: string[],
    prerequisiteIds: string[],
    trainerIds: string[],
  ): Promise<void> {
    const insert = (table: string, column: string, ids: string[]) =>
      ids.length
        ? tx.query(`INSERT INTO ${table} (session_id, ${column}) SELECT $1, unnest($2::uuid[])`, [sessionId, ids])
        : Promise.resolve();
    await insert('session_module', 'module_id', moduleIds);
    await insert('session_prerequisite', 'module_id', prerequisiteIds);
    await insert('session_trainer', 'user_id', trainerIds);
  }
}
