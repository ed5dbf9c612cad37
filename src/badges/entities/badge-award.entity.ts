import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Post } from '../../threads/entities/post.entity.js';
import { User } from '../../users/entities/user.entity.js';

/**
 * A badge a member holds. The two partial unique keys make awarding idempotent whatever the
 * timing: (user, badge) for badges earned once, (user, badge, post) for badges earned once per
 * post. A revoked award keeps its row (with who and why), so rules never hand it back by themselves.
 */
@Entity('badge_awards')
@Index('badge_awards_once', ['userId', 'badge'], { unique: true, where: '"post_id" IS NULL' })
@Index('badge_awards_once_per_post', ['userId', 'badge', 'postId'], { unique: true, where: '"post_id" IS NOT NULL' })
@Index('badge_awards_holders', ['badge', 'createdAt'], { where: '"revoked_at" IS NULL' })
export class BadgeAward {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** The badge's slug in the catalogue. */
  @Column({ type: 'varchar', length: 40 })
  badge: string;

  /** The post that earned it, for badges earned once per post. */
  @Column({ type: 'int', nullable: true })
  postId: number | null;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<Post>;

  /** Who awarded it by hand; null when a rule did. */
  @Column({ type: 'int', nullable: true })
  awardedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'awarded_by_id' })
  awardedBy?: Relation<User>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  revokedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'revoked_by_id' })
  revokedBy?: Relation<User>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokeReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
