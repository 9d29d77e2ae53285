import { Args, Float, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { SingleLinePipe } from '../graphql/single-line';
import { ProgrammeBudget } from './budget.models';
import { BudgetService } from './budget.service';

@Resolver(() => ProgrammeBudget)
export class BudgetResolver {
  constructor(private readonly budget: BudgetService) {}

  @Roles(Role.SECRETARIAT)
  @Query(() => ProgrammeBudget)
  programmeBudget() {
    return this.budget.programmeBudget();
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => ProgrammeBudget)
  async recordPledge(
    @Args('donor', SingleLinePipe) donor: string,
    @Args('amountUsd', { type: () => Float }) amountUsd: number,
    @CurrentUser() actor: User,
  ) {
    await this.budget.recordPledge(donor, amountUsd, actor);
    return this.budget.programmeBudget();
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => ProgrammeBudget)
  async recordExpenditure(
    @Args('component', SingleLinePipe) component: string,
    @Args('amountUsd', { type: () => Float }) amountUsd: number,
    @Args('sessionId', { type: () => ID, nullable: true }) sessionId: string | null,
    @CurrentUser() actor: User,
  ) {
    await this.budget.recordExpenditure(component, amountUsd, sessionId ?? null, actor);
    return this.budget.programmeBudget();
  }
}
