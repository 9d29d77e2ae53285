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

  /**
   * A link material's address. Omitted: the version keeps what it has (its link, or its file); null: no link; an
   * address: the material becomes this link (a file it had is dropped from this version).
   */
  @Field(() => String, {
    nullable: true,
    description:
      'A link material: its http(s) address. Omitted keeps the link or file; an address replaces a file (a material is a link or a file); files are uploaded with tus at /uploads/',
  })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['https', 'http'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  url?: string | null;

  /** Multi-line: keeps its line breaks. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
}
