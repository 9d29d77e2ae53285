import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UnRegion } from '../catalogue/catalogue.enums';

export enum StatsDimension {
  REGION = 'REGION',
  PARTY = 'PARTY',
  MODULE = 'MODULE',
  SESSION = 'SESSION',
  GENDER = 'GENDER',
}
registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description: "REGION is the delegate's Party's UN region; GENDER as declared when enrolling ('undeclared' if not)",
});

@ObjectType({
  description: 'The group a row stands for; a dimension not grouped by is null (all null: the totals row)',
})
export class StatsKey {
  @Field(() => UnRegion, { nullable: true })
  region: UnRegion | null;

  @Field(() => String, { nullable: true })
  partyCode: string | null;

  @Field(() => String, { nullable: true })
  moduleCode: string | null;

  @Field(() => ID, { nullable: true })
  sessionId: string | null;

  @Field(() => String, { nullable: true, description: "female, male, other or 'undeclared'" })
  gender: string | null;
}

@ObjectType()
export class CompletionStatsRow {
  @Field(() => StatsKey)
  key: StatsKey;

  @Field(() => Int, { description: 'Active enrolments (every status but CANCELLED, DECLINED and EXPIRED)' })
  enrolled: number;

  @Field(() => Int, { description: 'Confirmed or later: CONFIRMED, ATTENDED, NO_SHOW, COMPLETED' })
  confirmed: number;

  @Field(() => Int)
  waitlisted: number;

  @Field(() => Int, { description: 'ATTENDED or COMPLETED' })
  attended: number;

  @Field(() => Int)
  completed: number;

  @Field(() => Int, { description: 'With a certificate that is not revoked' })
  certified: number;

  @Field(() => Float, { description: 'completed / confirmed; 0 when nobody was confirmed' })
  completionRate: number;

  @Field(() => Float, {
    nullable: true,
    description: 'female / enrolled delegates who declared a gender; null if none did',
  })
  womenShare: number | null;
}

@ObjectType()
export class CapacityOutcomeRow {
  @Field(() => StatsKey)
  key: StatsKey;

  @Field(() => Int, {
    description:
      'Delegates (confirmed or later) with a pre- or post-course score, counted once per module of the session',
  })
  delegatesAssessed: number;

  @Field(() => Float, { nullable: true })
  meanPreScore: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of each delegate’s best post-course score' })
  meanPostScore: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean of (post − pre) / (100 − pre) over delegates with both scores and pre < 100',
  })
  normalizedGain: number | null;

  @Field(() => Float, { nullable: true, description: 'certified / confirmed-or-later enrolments' })
  certificationRate: number | null;

  @Field(() => Float, { nullable: true, description: 'follow-ups answering "applied" / follow-ups answered' })
  applicationRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '100 × weighted mean of clamp(gain, 0, 1), certification rate and application rate (CAPACITY_INDEX_WEIGHTS), over the parts with data',
  })
  capacityIndex: number | null;

  @Field(() => Int, { description: 'Confirmed-or-later enrolments (the certification rate’s denominator)' })
  confirmed: number;

  @Field(() => Int)
  certified: number;

  @Field(() => Int)
  followUpsAnswered: number;

  @Field(() => Int)
  followUpsApplied: number;
}
