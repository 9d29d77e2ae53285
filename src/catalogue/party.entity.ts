import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { PartyStatus, UnRegion } from './catalogue.enums';

/** A Party to the Convention, keyed by its ISO 3166-1 alpha-3 code. Editable reference data (data/parties.csv). */
@ObjectType()
@Entity('party')
export class Party {
  @Field()
  @PrimaryColumn({ type: 'char', length: 3 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => UnRegion)
  @Index()
  @Column({ type: 'enum', enum: UnRegion })
  region: UnRegion;

  @Field(() => PartyStatus)
  @Column({ type: 'enum', enum: PartyStatus })
  status: PartyStatus;
}
