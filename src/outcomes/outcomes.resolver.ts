import { Args, ArgsType, Field, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { UnRegion } from '../catalogue/catalogue.enums';
import { CapacityOutcomeRow, CompletionStatsRow, StatsDimension } from './outcomes.models';
import { OutcomesService } from './outcomes.service';

/** The grouping and the filters both statistics take. */
@ArgsType()
class StatsArgs {
  @Field(() => [StatsDimension], { description: 'Any combination; [] gives the totals row alone' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(StatsDimension, { each: true })
  groupBy: StatsDimension[];

  @Field(() => UnRegion, { nullable: true, description: "The delegates' Parties' region" })
  @IsOptional()
  @IsEnum(UnRegion)
  region: UnRegion | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  partyCode: string | null;

  @Field(() => String, { nullable: true, description: 'Sessions covering this module' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  moduleCode: string | null;

  @Field(() => Date, { nullable: true, description: 'Sessions starting at or after' })
  @IsOptional()
  @IsDate()
  from: Date | null;

  @Field(() => Date, { nullable: true, description: 'Sessions starting before' })
  @IsOptional()
  @IsDate()
  to: Date | null;
}

@Resolver()
export class OutcomesResolver {
  constructor(private readonly outcomes: OutcomesService) {}

  @Roles(Role.SECRETARIAT, Role.FOCAL_POINT)
  @Query(() => [CompletionStatsRow], {
    description: 'SECRETARIAT: all Parties; FOCAL_POINT: their own. Last row: the totals (key all null)',
  })
  completionStats(@Args() { groupBy, ...filter }: StatsArgs, @CurrentUser() viewer: User) {
    return this.outcomes.completionStats(viewer, groupBy, filter);
  }

  @Roles(Role.SECRETARIAT, Role.FOCAL_POINT)
  @Query(() => [CapacityOutcomeRow], {
    description: 'SECRETARIAT: all Parties; FOCAL_POINT: their own. Last row: the totals (key all null)',
  })
  capacityOutcomes(@Args() { groupBy, ...filter }: StatsArgs, @CurrentUser() viewer: User) {
    return this.outcomes.capacityOutcomes(viewer, groupBy, filter);
  }
}
