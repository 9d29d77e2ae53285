import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { Language } from '../../catalogue/catalogue.enums';
import { SingleLine } from '../../graphql/single-line';
import { GENDERS } from './auth.inputs';

/**
 * The viewer's own details (updateProfile). A field left out keeps its value; `gender: null` withdraws a declared
 * gender, while null for the others keeps theirs (an account always has a name, a language and a zone). Checked as
 * RegisterInput checks them.
 */
@InputType()
export class ProfileInput {
  @Field(() => String, { nullable: true, description: 'Printed on certificates issued from now on' })
  @IsOptional()
  @SingleLine()
  @MaxLength(200)
  fullName?: string | null;

  @Field(() => Language, { nullable: true, description: 'Of e-mails and certificates' })
  @IsOptional()
  @IsEnum(Language)
  language?: Language | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone in which e-mails show times' })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: 'female, male or other; null to no longer declare one' })
  @IsOptional()
  @IsIn(GENDERS, { message: 'gender must be female, male or other' })
  gender?: string | null;
}

@ArgsType()
export class ResetPasswordArgs {
  @Field({ description: "The token of the reset e-mail's link" })
  @IsString()
  @MaxLength(200)
  token: string;

  /** The rules of RegisterInput's password. */
  @Field({ description: 'At least 10 characters' })
  @MinLength(10, { message: 'password must have at least 10 characters' })
  @MaxLength(200)
  password: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  currentPassword: string;

  @Field({ description: 'At least 10 characters' })
  @MinLength(10, { message: 'newPassword must have at least 10 characters' })
  @MaxLength(200)
  newPassword: string;
}
