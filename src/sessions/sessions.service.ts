import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { badInput, isUuid, notFound } from '@lib/common';
import { CatalogueService } from '../catalogue/catalogue.service';
import { UnRegion } from '../catalogue/catalogue.enums';
import { ThematicModule } from '../catalogue/thematic-module.entity';
import { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { rawEntity } from '../database/raw-entity';
import { byKeys } from '../graphql/loaders';
import { Connection, paginateByTimeAndId } from '../graphql/pagination';
import type { SessionSnapshot, UpcomingSession } from '@lib/queue';
import { SESSION_SNAPSHOT, snapshotOfRow } from './session-snapshot';
import { TrainingSessionEntity } from './session.entity';
import { SessionKind, SessionStatus } from './session.enums';

export interface SessionFilter {
  kind?: SessionKind | null;
  moduleCode?: string | null;
  region?: UnRegion | null;
  from?: Date | null;
  to?: Date | null;
  status?: SessionStatus | null;
}

/**
 * The catalogue of webinars and workshops as read: one session, a page, the batches behind the per-request loaders,
 * the links to modules and trainers, and the snapshot an event carries. Scheduling is SessionSchedulingService's,
 * the seat counters SessionSeatsService's, the access rules SessionAccessService's.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(TrainingSessionEntity) private readonly sessions: Repository<TrainingSessionEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly users: UsersService,
  ) {}

  /** Plain SQL, not the query builder: every enrolment reads its session (see RawEntity). */
  async findById(id: string): Promise<TrainingSessionEntity | null> {
    if (!isUuid(id)) return null;
    const raw = rawEntity(this.sessions.manager, TrainingSessionEntity);
    return raw.first(
      await this.sessions.query(`SELECT ${raw.columns} FROM ${raw.table} WHERE "id" = $1 LIMIT 1`, [id]),
    );
  }

  /** The id of the session with this exact title, if any (the demo programme finds what an earlier start made). */
  async idByTitle(title: string): Promise<string | null> {
    const [row] = await this.sessions.query(
      `SELECT id FROM training_session WHERE title = $1 ORDER BY created_at LIMIT 1`,
      [title],
    );
    return row?.id ?? null;
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

  /** The session as an event payload describes it: one query with its modules and host centre. */
  async snapshot(tx: EntityManager, id: string): Promise<SessionSnapshot> {
    const [row] = isUuid(id) ? await tx.query(`SELECT * FROM ${SESSION_SNAPSHOT} WHERE id = $1`, [id]) : [];
    if (!row) throw notFound('Session', id);
    return snapshotOfRow(row);
  }

  /**
   * The next scheduled sessions of a session's modules that its delegates may enrol in, soonest first: webinars, and
   * workshops of its region when it is a workshop (its delegates are of that region; a webinar's may be of any).
   */
  async upcomingLike(tx: EntityManager, sessionId: string, limit = 5): Promise<UpcomingSession[]> {
    const rows: Record<string, any>[] = await tx.query(
      `SELECT s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.region, s.modules
         FROM ${SESSION_SNAPSHOT} s
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
      modules: (r.modules as { code: string; title: string }[]).map(({ code, title }) => ({ code, title })),
      region: r.region,
    }));
  }
}
