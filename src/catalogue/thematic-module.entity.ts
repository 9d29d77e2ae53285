import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A thematic area of the programme (NIP, REPORTING, BAT_BEP, COORDINATION, ...)' })
@Entity('thematic_module')
@Check('CHK_module_pass_mark', '"pass_mark" BETWEEN 0 AND 100')
export class ThematicModule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'varchar', length: 40, unique: true })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => [String])
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  learningObjectives: string[];

  @Field(() => Int)
  @Column({ type: 'int', default: 70 })
  passMark: number;
}
