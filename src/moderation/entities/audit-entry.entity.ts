import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export const AUDIT_ACTIONS = [
  'dismiss', 'hide', 'auto-hide', 'restore', 'delete', 'undelete', 'edit',
  'lock', 'unlock', 'close', 'reopen', 'suspend', 'unsuspend', 'reverse-serial-votes',
  'award-badge', 'revoke-badge', 'approve-super-user', 'decline-super-user', 'change-role',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_TARGET_TYPES = ['question', 'answer', 'comment', 'user'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/**
 * The moderation audit log: who did what to which target, why and when. Rows are written in
 * the transaction of the action they record and never change (a trigger refuses updates and
 * deletes). `actorId` is null for what the system did (auto-hide, community close, serial votes).
 */
@Entity('moderation_log')
@Index('moderation_log_by_time', ['createdAt'])
@Index('moderation_log_by_actor', ['actorId', 'createdAt'])
@Index('moderation_log_by_action', ['action', 'createdAt'])
@Index('moderation_log_by_target', ['targetType', 'targetId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 10 })
  targetType: AuditTargetType;

  @Column({ type: 'int' })
  targetId: number;

  /** The member the action concerns: the author of the content, or the member suspended. */
  @Column({ type: 'int', nullable: true })
  targetUserId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_user_id' })
  targetUser?: Relation<User>;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
