import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** A member's choice about e-mail; no row means the default (e-mail on, when the site sends any). */
@Entity('notification_preferences')
@Check('notification_preferences_digest_known', `"digest" IN ('off', 'daily', 'weekly')`)
export class NotificationPreference {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'boolean', default: true })
  email: boolean;

  /** Whether the member may be asked to answer new questions in their tags (expert routing). */
  @Column({ type: 'boolean', default: true })
  routing: boolean;

  /** The digest of new and unanswered questions in followed tags. */
  @Column({ type: 'varchar', length: 6, default: 'off' })
  digest: DigestFrequency;

  @Column({ type: 'timestamptz', nullable: true })
  digestSentAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
