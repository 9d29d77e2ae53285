import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from './party.entity';

@ObjectType()
@Entity('regional_centre')
export class RegionalCentre {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'char', length: 3 })
  countryCode: string;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Party;
}
