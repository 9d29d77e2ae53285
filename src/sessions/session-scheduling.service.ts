import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { badInput, canonicalTimeZone, conflict, forbidden, usdToCents } from '@lib/common';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Language } from '../catalogue/catalogue.enums';
import { ModuleTrainersService } from '../module-trainers/module-trainers.service';
import { isSecretariat, mayScheduleWebinar } from '../auth/policies';
import { Role } from '../auth/role.enum';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { WebinarInput, WorkshopInput } from './dto/session.inputs';
import { TrainingSessionEntity } from './session.entity';
import { SessionKind, SessionStatus } from './session.enums';
import { Clock } from '../clock/clock';

/** Dates outside these bounds are typing mistakes, not training sessions. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/**
 * Scheduling: creating webinars and workshops, the changes the session lifecycle applies (inside the caller's
 * transaction, under the session lock), and the checks on a session's state before such a change.
 */
@Injectable()
export class SessionSchedulingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly users: UsersService,
    private readonly moduleTrainers: ModuleTrainersService,
    private readonly clock: Clock,
  ) {}

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

  /** Open for changes and enrolments: scheduled and not yet started. */
  requireScheduled(session: TrainingSessionEntity): void {
    this.requireNotClosed(session);
    if (session.startsAt.getTime() <= this.clock.nowMs()) throw conflict('SESSION_STARTED', 'The session has started');
  }

  /** Open for attendance and completion: started, and neither cancelled nor completed. */
  requireUnderWay(session: TrainingSessionEntity): void {
    this.requireNotClosed(session);
    if (session.startsAt.getTime() > this.clock.nowMs()) {
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
    if (start <= this.clock.nowMs()) throw badInput('startsAt', 'startsAt must be in the future');
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
