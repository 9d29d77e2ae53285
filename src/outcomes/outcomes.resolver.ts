import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { UnRegion } from '../catalogue/catalogue.enums';
import { CapacityOutcomeRow, CompletionStatsRow, StatsDimension } from './outcomes.models';
import { OutcomesService } from './outcomes.service';

@Resolver()
export class OutcomesResolver {
  constructor(private readonly outcomes: OutcomesService) {}

  @Roles(Role.SECRETARIAT, Role.FOCAL_POINT)
  @Query(() => [CompletionStatsRow], {
    description: 'SECRETARIAT: all Parties; FOCAL_POINT: their own. Sessions starting in [from, to). Last row: totals (key all null)',
  })
  completionStats(
    @Args('groupBy', { type: () => [StatsDimension] }) groupBy: StatsDimension[],
    @Args('region', { type: () => UnRegion, nullable: true }) region: UnRegion | null,
    @Args('partyCode', { type: () => String, nullable: true }) partyCode: string | null,
    @Args('moduleCode', { type: () => String, nullable: true }) moduleCode: string | null,
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
    @CurrentUser() viewer: User,
  ) {
    return this.outcomes.completionStats(viewer, groupBy, { region, partyCode, moduleCode, from, to });
  }

  @Roles(Role.SECRETARIAT, Role.FOCAL_POINT)
  @Query(() => [CapacityOutcomeRow], {
    description: 'SECRETARIAT: all Parties; FOCAL_POINT: their own. Last row: totals (key all null)',
  })
  capacityOutcomes(
    @Args('groupBy', { type: () => [StatsDimension] }) groupBy: StatsDimension[],
    @Args('region', { type: () => UnRegion, nullable: true }) region: UnRegion | null,
    @Args('partyCode', { type: () => String, nullable: true }) partyCode: string | null,
    @Args('moduleCode', { type: () => String, nullable: true }) moduleCode: string | null,
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
    @CurrentUser() viewer: User,
  ) {
    return this.outcomes.capacityOutcomes(viewer, groupBy, { region, partyCode, moduleCode, from, to });
  }
}
