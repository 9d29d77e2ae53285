import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { SingleLine } from '../../graphql/single-line';
import { Language } from '../../catalogue/catalogue.enums';
import { Role } from '../role.enum';
import { User } from '../user.entity';

export const GENDERS = ['female', 'male', 'other'] as const;

/** What every account is created with. */
@InputType({ isAbstract: true })
abstract class AccountInput {
  @Field()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @Field()
  @MinLength(10, { message: 'password must have at least 10 characters' })
  @MaxLength(200)
  password: string;

  /** Printed on certificates: a name of spaces alone would print an empty holder. */
  @Field()
  @SingleLine()
  @MaxLength(200)
  fullName: string;

  @Field(() => String, { nullable: true, description: 'female, male or other; leave out to not declare' })
  @IsOptional()
  @IsIn(GENDERS, { message: 'gender must be female, male or other' })
  gender?: string | null;
}

@InputType()
export class RegisterInput extends AccountInput {
  @Field()
  @Matches(/^[A-Za-z]{3}$/, { message: 'partyCode must be an ISO 3166-1 alpha-3 code' })
  partyCode: string;

  @Field(() => Language)
  @IsEnum(Language)
  language: Language;

  @Field()
  @Length(1, 64)
  timeZone: string;
}

@InputType()
export class CreateUserInput extends AccountInput {
  @Field(() => [Role])
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayMaxSize(5)
  @IsEnum(Role, { each: true })
  roles: Role[];

  @Field(() => String, { nullable: true, description: 'required for DELEGATE and FOCAL_POINT' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'partyCode must be an ISO 3166-1 alpha-3 code' })
  partyCode?: string | null;

  @Field(() => Language, { nullable: true })
  @IsOptional()
  @IsEnum(Language)
  language?: Language | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string | null;

  @Field(() => ID, { nullable: true, description: 'required for REGIONAL_CENTRE' })
  @IsOptional()
  @IsUUID('all', { message: 'regionalCentreId must be an id' })
  regionalCentreId?: string | null;
}

@ObjectType()
export class AuthPayload {
  @Field()
  accessToken: string;

  @Field(() => User)
  user: User;
}
