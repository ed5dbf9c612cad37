import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An admin's override of one super-user programme number; absent rows keep the default. */
@Entity('badge_settings')
export class BadgeSetting {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name: string;

  @Column({ type: 'int' })
  value: number;
}
