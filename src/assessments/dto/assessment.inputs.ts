import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { SingleLine } from '../../graphql/single-line';
import { AssessmentKind, GuidanceUse } from '../assessment.enums';

export const MAX_QUESTIONS = 100;
export const MAX_OPTIONS = 10;

@InputType()
export class QuestionInput {
  /** Multi-line: a question may set out a case over several lines. */
  @Field()
  @IsString()
  @MaxLength(2000)
  prompt: string;

  @Field(() => [String])
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @IsString({ each: true })
  @SingleLine({ each: true })
  @MaxLength(500, { each: true })
  options: string[];

  @Field(() => [Int], {
    description: 'Indexes (from 0) of the correct options: one or several; none for a FOLLOW_UP survey question',
  })
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @IsInt({ each: true })
  correct: number[];

  @Field(() => Int)
  @IsInt()
  points: number;
}

@InputType()
export class AssessmentInput {
  @Field()
  @IsString()
  @MaxLength(40)
  moduleCode: string;

  @Field(() => AssessmentKind)
  @IsEnum(AssessmentKind)
  kind: AssessmentKind;

  @Field()
  @IsString()
  @SingleLine()
  @MaxLength(200)
  title: string;

  @Field(() => [QuestionInput])
  @IsArray()
  @ArrayMaxSize(MAX_QUESTIONS)
  @ValidateNested({ each: true })
  @Type(() => QuestionInput)
  questions: QuestionInput[];
}

@InputType()
export class AnswerInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(100)
  questionId: string;

  @Field(() => [Int], { description: 'Indexes (from 0) of the options chosen' })
  @IsArray()
  @ArrayMaxSize(MAX_OPTIONS)
  @IsInt({ each: true })
  selected: number[];
}

@InputType({ description: 'The follow-up survey of a session the delegate attended' })
export class FollowUpInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(100)
  sessionId: string;

  @Field({ description: "Has the delegate's Party applied the guidance of this training?" })
  @IsBoolean()
  applied: boolean;

  @Field(() => [GuidanceUse], { nullable: true, description: 'What it was applied to (when applied)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(GuidanceUse, { each: true })
  uses?: GuidanceUse[] | null;

  /** Multi-line: keeps its line breaks. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The module's FOLLOW_UP questionnaire the answers are for (assessmentFor)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  assessmentId?: string | null;

  @Field(() => [AnswerInput], {
    nullable: true,
    description: "Answers to the module's FOLLOW_UP questionnaire, if it has one",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_QUESTIONS)
  @ValidateNested({ each: true })
  @Type(() => AnswerInput)
  answers?: AnswerInput[] | null;
}
