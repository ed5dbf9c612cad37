import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Site-wide sign-in rules set by admins: one row. */
@Entity('sign_in_settings')
@Check('sign_in_settings_single_row', `"id" = 1`)
export class SignInSettings {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  /** Moderators, agents and admins must use a second factor (they are sent to enrol first). */
  @Column({ type: 'boolean', default: false })
  staffTwoFactorRequired: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
