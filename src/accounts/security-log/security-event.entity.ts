import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/** Every kind of event the security log knows. Add kinds at the end; rows keep the text. */
export const SECURITY_EVENT_KINDS = [
  'sign-in', 'sign-in-failed', 'sign-out',
  'password-reset-requested', 'password-reset', 'password-changed',
  'email-verified', 'email-change-requested', 'email-changed',
  'two-factor-enabled', 'two-factor-disabled', 'two-factor-failed', 'recovery-code-used', 'recovery-codes-regenerated',
  'sso-sign-in', 'sso-linked', 'sso-unlinked',
  'token-created', 'token-revoked',
  'role-changed', 'member-suspended', 'member-unsuspended',
  'account-deleted', 'data-exported', 'session-revoked', 'sessions-revoked',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/**
 * The security log: one row per sign-in, failure, credential change, role change and so on.
 * Append-only: a trigger refuses deletes and any update except blanking the address, browser and
 * detail (what erasing a deleted member's personal data needs).
 */
@Entity('security_events')
@Index('security_events_by_time', ['createdAt'])
@Index('security_events_by_user', ['userId', 'createdAt'])
@Index('security_events_by_kind', ['kind', 'createdAt'])
export class SecurityEvent {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  kind: SecurityEventKind;

  /** The account the event is about; null when none matched (a failed sign-in as an unknown name). */
  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'security_events_user_fk' })
  user?: Relation<User>;

  /** Who caused it when that is someone else (the admin who changed a role). */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'security_events_actor_fk' })
  actor?: Relation<User>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
