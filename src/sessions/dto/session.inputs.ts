import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Language, UnRegion } from '../../catalogue/catalogue.enums';
import { SingleLine } from '../../graphql/single-line';
import { UsdAmount } from '../../graphql/usd-amount';

export const MAX_CAPACITY = 100_000;

/** What every session has, whatever its kind. */
@InputType({ isAbstract: true })
abstract class SessionInput {
  @Field()
  @SingleLine()
  @MaxLength(300)
  title: string;

  @Field()
  @IsDate()
  startsAt: Date;

  @Field()
  @IsDate()
  endsAt: Date;

  @Field({ description: 'IANA time zone of the venue (workshop) or the organiser (webinar)' })
  @Length(1, 64)
  timeZone: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'capacity must be at least 1' })
  @Max(MAX_CAPACITY)
  capacity: number;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'trainerIds must be user ids' })
  trainerIds?: string[] | null;

  @Field(() => Language, { nullable: true })
  @IsOptional()
  @IsEnum(Language)
  language?: Language | null;
}

@InputType()
export class WebinarInput extends SessionInput {
  @Field()
  @Length(1, 40)
  moduleCode: string;

  @Field()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'joinUrl must be an http(s) URL' },
  )
  joinUrl: string;
}

@InputType()
export class WorkshopInput extends SessionInput {
  @Field(() => [String])
  @ArrayMinSize(1, { message: 'moduleCodes must name at least one module' })
  @ArrayMaxSize(20)
  @Length(1, 40, { each: true })
  moduleCodes: string[];

  @Field(() => UnRegion)
  @IsEnum(UnRegion)
  region: UnRegion;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'hostCentreId must be a regional centre id' })
  hostCentreId?: string | null;

  @Field()
  @SingleLine()
  @MaxLength(300)
  venue: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @Length(1, 40, { each: true })
  prerequisiteModuleCodes?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Funded travel seats per DEVELOPING/EIT Party (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  fundedSeatsPerParty?: number | null;

  @Field(() => Float)
  @UsdAmount({ message: 'plannedCostUsd must have at most two decimals' })
  @Min(0)
  @Max(1_000_000_000)
  plannedCostUsd: number;
}
