import { Field, ID, ObjectType } from '@nestjs/graphql';
import { EnrolmentStatus } from '../enrolment-status.enum';

/** A delegate's place in a session. Resolvers return `EnrolmentEntity` rows; relations resolve through loaders. */
@ObjectType('Enrolment')
export class Enrolment {
  @Field(() => ID)
  id: string;

  @Field(() => EnrolmentStatus)
  status: EnrolmentStatus;

  @Field({ description: 'Travel funded by the programme (workshops, DEVELOPING and EIT Parties)' })
  funded: boolean;

  @Field()
  createdAt: Date;

  @Field({ description: 'When the status last changed' })
  statusChangedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Workshops: when the focal point or the Secretariat endorsed it' })
  endorsedAt: Date | null;
}

/** One change of an enrolment's status. */
@ObjectType('EnrolmentChange')
export class EnrolmentChange {
  @Field()
  at: Date;

  @Field(() => EnrolmentStatus, { nullable: true, description: "Null for the enrolment's first status" })
  from: EnrolmentStatus | null;

  @Field(() => EnrolmentStatus)
  to: EnrolmentStatus;

  @Field({ description: "What happened, in the platform's words" })
  reason: string;

  @Field(() => String, {
    nullable: true,
    description: "The words of whoever made the change (endorseEnrolment's reason); null when none were given",
  })
  comment: string | null;

  byId: string | null;
}
