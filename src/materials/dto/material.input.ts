import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { Language } from '../../catalogue/catalogue.enums';
import { SINGLE_LINE } from '../../auth/dto/auth.inputs';

@InputType()
export class MaterialInput {
  @Field()
  @Length(1, 40)
  moduleCode: string;

  @Field()
  @Length(1, 300)
  @Matches(SINGLE_LINE, { message: 'title must not contain control characters' })
  title: string;

  @Field(() => Language)
  @IsEnum(Language)
  language: Language;

  @Field()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  url: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
}
