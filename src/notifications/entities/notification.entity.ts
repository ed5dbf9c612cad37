import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export const NOTIFICATION_KINDS = [
  'answer', 'comment', 'accepted', 'badge', 'super-user', 'promoted', 'moderation',
  'integration', 'routed', 'mention', 'watched',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One thing a member should learn about. `sourceKey` names the event that caused it
 * (`answer:42`), unique per recipient, so a job that runs twice notifies once.
 */
@Entity('notifications')
@Unique('notifications_once_per_source', ['userId', 'sourceKey'])
@Check('notifications_kind_known', `"kind" IN ('answer', 'comment', 'accepted', 'badge', 'super-user', 'promoted', 'moderation', 'integration', 'routed', 'mention', 'watched')`)
@Index('notifications_by_user', ['userId', 'id'])
// The unread count in the navigation, on every page: an index over unread rows only.
@Index('notifications_unread', ['userId'], { where: `"read_at" IS NULL` })
export class Notification {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 64 })
  sourceKey: string;

  /** Who did it; null when the system did. */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: Relation<User>;

  /** What happened, in words, written once when the notification is made. */
  @Column({ type: 'varchar', length: 300 })
  text: string;

  /** Where it happened (a path in the app). */
  @Column({ type: 'varchar', length: 300 })
  url: string;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** Set once the e-mail went out (or was decided against), so a retried job never sends twice. */
  @Column({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
