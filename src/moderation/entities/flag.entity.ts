import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Post } from '../../threads/entities/post.entity.js';
import { User } from '../../users/entities/user.entity.js';

export const FLAG_REASONS = ['spam', 'offensive', 'off-topic', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export type FlagStatus = 'open' | 'dismissed' | 'upheld';
export type FlagTargetType = 'question' | 'answer' | 'comment';

/**
 * A member's flag on a question, answer or comment. The partial unique key allows one open
 * flag per member and target, whatever the timing; a flag stays as a record once resolved.
 */
@Entity('flags')
@Check('flags_reason_known', `"reason" IN ('spam', 'offensive', 'off-topic', 'other')`)
@Check('flags_status_known', `"status" IN ('open', 'dismissed', 'upheld')`)
@Check('flags_target_type_known', `"target_type" IN ('question', 'answer', 'comment')`)
@Index('flags_one_open_per_member', ['flaggerId', 'targetType', 'targetId'], { unique: true, where: `"status" = 'open'` })
@Index('flags_open_by_target', ['targetType', 'targetId', 'createdAt'], { where: `"status" = 'open'` })
export class Flag {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 10 })
  targetType: FlagTargetType;

  /** A post id or a comment id, as targetType says. */
  @Column({ type: 'int' })
  targetId: number;

  /** The thread the target belongs to. */
  @Column({ type: 'int' })
  questionId: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<Post>;

  @Column({ type: 'int' })
  flaggerId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'flagger_id' })
  flagger?: Relation<User>;

  @Column({ type: 'varchar', length: 12 })
  reason: FlagReason;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Whether the flagger had the reputation for the flag to count toward hiding. */
  @Column({ type: 'boolean' })
  counts: boolean;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: FlagStatus;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  resolvedById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
