import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A part of the programme's data that has been loaded whole (today: `demo`, the demo programme). Written in the same
 * statement sequence's last step, so a start that stops half-way leaves no record and the next start completes it.
 */
@Entity('seed_record')
export class SeedRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  part: string;

  @CreateDateColumn({ type: 'timestamptz' })
  loadedAt: Date;
}
