import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUrl, Length, MaxLength } from 'class-validator';
import { Language } from '../../catalogue/catalogue.enums';
import { SingleLine } from '../../graphql/single-line';

@InputType()
export class MaterialInput {
  @Field()
  @Length(1, 40)
  moduleCode: string;

  @Field()
  @SingleLine()
  @MaxLength(300)
  title: string;

  @Field(() => Language)
  @IsEnum(Language)
  language: Language;

  @Field()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  url: string;

  /** Multi-line: keeps its line breaks. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
}
