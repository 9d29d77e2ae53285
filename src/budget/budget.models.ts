import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class BudgetLine {
  @Field()
  component: string;

  @Field(() => Float)
  plannedUsd: number;

  @Field(() => Float)
  spentUsd: number;
}

@ObjectType()
export class Pledge {
  @Field()
  donor: string;

  @Field(() => Float)
  amountUsd: number;

  @Field()
  recordedAt: Date;
}

@ObjectType({ description: 'The programme budget; every derived figure is computed from the recorded rows' })
export class ProgrammeBudget {
  @Field(() => [BudgetLine])
  lines: BudgetLine[];

  @Field(() => [Pledge])
  pledges: Pledge[];

  @Field(() => Float)
  totalRequiredUsd: number;

  @Field(() => Float)
  cofundingPledgedUsd: number;

  @Field(() => Float, { description: 'totalRequired − cofundingPledged, never below 0' })
  fundsToRaiseUsd: number;

  @Field(() => Float)
  copApprovedUsd: number;

  @Field(() => Float)
  spentUsd: number;

  @Field(() => Float, { nullable: true, description: 'spent / certified delegates; null while nobody is certified' })
  costPerCertifiedDelegateUsd: number | null;
}
