import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { loadUser } from '../auth/user.loaders';
import { UsersService } from '../auth/users.service';
import type { GqlContext } from '../graphql/context';
import { loadModuleTrainerIds } from './module-trainer.loaders';
import { ModuleTrainersService } from './module-trainers.service';
import { ThematicModule } from '../catalogue/thematic-module.entity';

@Resolver(() => ThematicModule)
export class ModuleTrainersResolver {
  constructor(
    private readonly service: ModuleTrainersService,
    private readonly users: UsersService,
  ) {}

  @Roles(Role.SECRETARIAT)
  @Mutation(() => ThematicModule, {
    description:
      'SECRETARIAT: the trainer may then author the module (assessments, answer keys, materials) and schedule its ' +
      'webinars. The user must hold TRAINER (else CONFLICT NOT_A_TRAINER); assigning twice changes nothing',
  })
  assignTrainer(
    @Args('moduleCode') moduleCode: string,
    @Args('userId', { type: () => ID }) userId: string,
    @CurrentUser() actor: User,
  ) {
    return this.service.assign(moduleCode, userId, actor);
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => ThematicModule, {
    description: 'SECRETARIAT: takes the module away from the trainer; the sessions they run stay theirs',
  })
  unassignTrainer(
    @Args('moduleCode') moduleCode: string,
    @Args('userId', { type: () => ID }) userId: string,
    @CurrentUser() actor: User,
  ) {
    return this.service.unassign(moduleCode, userId, actor);
  }

  @ResolveField(() => [User], { description: 'The trainers the Secretariat assigned to this module, earliest first' })
  async trainers(@Parent() module: ThematicModule, @Context() ctx: GqlContext): Promise<User[]> {
    const ids = await loadModuleTrainerIds(ctx, this.service, module.id);
    const users = await Promise.all(ids.map((id) => loadUser(ctx, this.users, id)));
    return users.filter((u): u is User => u !== null);
  }
}
