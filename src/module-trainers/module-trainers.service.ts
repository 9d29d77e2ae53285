import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, forbidden, isUuid, notFound } from '@lib/common';
import { mayAssignTrainers } from '../auth/policies';
import { Role } from '../auth/role.enum';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { groupByKeys } from '../graphql/loaders';
import { CatalogueService } from '../catalogue/catalogue.service';
import type { ThematicModule } from '../catalogue/thematic-module.entity';

/**
 * Which trainers the Secretariat assigned to which module. The assignment is the only source of a trainer's rights
 * over a module (its assessments, answer keys and materials); sessions of the module give none.
 */
@Injectable()
export class ModuleTrainersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly users: UsersService,
  ) {}

  /** The assigned trainers' ids of many modules in one query, one list per module id, in order. */
  async trainerIdsOf(moduleIds: readonly string[], tx?: EntityManager): Promise<string[][]> {
    const rows: { module_id: string; user_id: string }[] = await (tx ?? this.db.manager).query(
      `SELECT module_id, user_id FROM module_trainer WHERE module_id = ANY($1::uuid[]) ORDER BY assigned_at, user_id`,
      [moduleIds.filter(isUuid)],
    );
    return groupByKeys(moduleIds, rows, (r) => r.module_id).map((list) => list.map((r) => r.user_id));
  }

  /** The assigned trainers' ids of one module: the facts the authoring policies (auth/policies) decide on. */
  async idsOf(moduleId: string, tx?: EntityManager): Promise<string[]> {
    return (await this.trainerIdsOf([moduleId], tx))[0];
  }

  /** Assigns a TRAINER to the module; assigning again changes nothing (the first assignment's author and time stay). */
  async assign(moduleCode: string, userId: string, actor: User): Promise<ThematicModule> {
    if (!mayAssignTrainers(actor)) throw forbidden('Only the Secretariat assigns trainers to modules');
    const [module, user] = await Promise.all([this.requireModule(moduleCode), this.requireUser(userId)]);
    if (!user.roles.includes(Role.TRAINER)) {
      throw conflict('NOT_A_TRAINER', `${user.fullName} does not hold the TRAINER role`, { field: 'userId' });
    }
    await this.db.query(
      `INSERT INTO module_trainer (module_id, user_id, assigned_by_id) VALUES ($1, $2, $3)
       ON CONFLICT (module_id, user_id) DO NOTHING`,
      [module.id, user.id, actor.id],
    );
    return module;
  }

  /** Takes the module away from the trainer at once (their materials stay, but they can no longer change them). */
  async unassign(moduleCode: string, userId: string, actor: User): Promise<ThematicModule> {
    if (!mayAssignTrainers(actor)) throw forbidden('Only the Secretariat assigns trainers to modules');
    const [module, user] = await Promise.all([this.requireModule(moduleCode), this.requireUser(userId)]);
    await this.db.query(`DELETE FROM module_trainer WHERE module_id = $1 AND user_id = $2`, [module.id, user.id]);
    return module;
  }

  private async requireModule(code: string): Promise<ThematicModule> {
    const wanted = code.trim().toUpperCase();
    const module = (await this.catalogue.listModules()).find((m) => m.code === wanted);
    if (!module) throw notFound('Module', code.slice(0, 60));
    return module;
  }

  private async requireUser(id: string): Promise<User> {
    const user = isUuid(id) ? await this.users.findById(id) : null;
    if (!user) throw notFound('User', id.slice(0, 60));
    return user;
  }
}
