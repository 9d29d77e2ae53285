import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import { Language, UnRegion } from '../../catalogue/catalogue.enums';
import { TrainingSessionEntity } from '../session.entity';
import { SessionKind, SessionStatus } from '../session.enums';

/**
 * The GraphQL face of a session. Resolvers return `TrainingSessionEntity` rows; these classes only describe the
 * fields, and `resolveType` picks Webinar or Workshop from the row's kind.
 */
@InterfaceType('TrainingSession', {
  resolveType: (session: TrainingSessionEntity) => (session.kind === SessionKind.WEBINAR ? 'Webinar' : 'Workshop'),
})
export abstract class TrainingSession {
  @Field(() => ID)
  id: string;

  @Field(() => SessionKind)
  kind: SessionKind;

  @Field()
  title: string;

  @Field()
  startsAt: Date;

  @Field()
  endsAt: Date;

  @Field({ description: 'IANA time zone of the venue (workshop) or the organiser (webinar)' })
  timeZone: string;

  @Field(() => Int)
  capacity: number;

  @Field(() => Int)
  seatsTaken: number;

  @Field(() => SessionStatus)
  status: SessionStatus;

  @Field(() => Language)
  language: Language;

  @Field(() => String, { nullable: true })
  cancelReason: string | null;
}

@ObjectType({ implements: () => [TrainingSession] })
export class Webinar extends TrainingSession {}

@ObjectType({ implements: () => [TrainingSession] })
export class Workshop extends TrainingSession {
  @Field(() => UnRegion)
  region: UnRegion;

  @Field()
  venue: string;

  @Field(() => Int)
  fundedSeatsPerParty: number;
}
