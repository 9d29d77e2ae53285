import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { AssessmentKind, GuidanceUse } from '../assessment.enums';

@ObjectType({
  description: 'A question as delegates see it: no answers (`correct` only for its authors and the Secretariat)',
})
export class Question {
  @Field(() => ID)
  id: string;

  @Field()
  prompt: string;

  @Field(() => [String])
  options: string[];

  @Field({ description: 'Several options may be chosen' })
  multiple: boolean;

  @Field(() => Int)
  points: number;

  /** Not a plain field: resolved only for those who may see the answers. */
  correct: number[];
}

@ObjectType()
export class Assessment {
  @Field(() => ID)
  id: string;

  moduleId: string;

  @Field(() => AssessmentKind)
  kind: AssessmentKind;

  @Field()
  title: string;

  @Field(() => [Question])
  questions: Question[];

  @Field()
  createdAt: Date;

  createdById: string | null;
}

@ObjectType()
export class AssessmentAttempt {
  @Field(() => ID)
  id: string;

  assessmentId: string;

  @Field(() => AssessmentKind)
  kind: AssessmentKind;

  @Field(() => ID, { nullable: true })
  sessionId: string | null;

  @Field(() => Int, { description: 'POST: 1 to 3 within the session; PRE: 1' })
  attemptNumber: number;

  @Field(() => Float, { description: '0–100: points of the questions answered exactly right over all points' })
  score: number;

  @Field({ description: "score ≥ the module's pass mark" })
  passed: boolean;

  @Field()
  submittedAt: Date;
}

@ObjectType()
export class FollowUpResponse {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  sessionId: string;

  @Field()
  applied: boolean;

  @Field(() => [GuidanceUse])
  uses: GuidanceUse[];

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field()
  submittedAt: Date;
}
