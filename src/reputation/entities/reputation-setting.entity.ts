import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's override of one reputation or privilege number; absent rows keep the default. */
@Entity('reputation_settings')
export class ReputationSetting {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name: string;

  @Column({ type: 'int' })
  value: number;
}
