import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Current super-users, as the badges module's decisions say, for the participation split. */
@Entity('insights_super_users')
export class InsightsSuperUser {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @Column({ type: 'timestamptz' })
  since: Date;
}
