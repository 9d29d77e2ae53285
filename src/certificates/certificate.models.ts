import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class Certificate {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The verification code (also in the PDF and its QR code)' })
  code: string;

  @Field()
  issuedAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType({ description: 'What anyone may learn from a code: a wrong, malformed or revoked code is not valid' })
export class CertificateVerification {
  @Field()
  valid: boolean;

  @Field()
  revoked: boolean;

  @Field(() => String, { nullable: true })
  holderName: string | null;

  @Field(() => String, { nullable: true })
  partyName: string | null;

  @Field(() => [String], { nullable: true })
  moduleTitles: string[] | null;

  @Field(() => String, { nullable: true })
  sessionTitle: string | null;

  @Field(() => Date, { nullable: true })
  issuedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}
