import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EntryReason } from '../reputation.rules.js';

/**
 * The reputation ledger: every change is a row, and a member's reputation is 1 plus the sum
 * of their rows. `amount` is what was applied, after the floor and the daily cap.
 * Post and vote ids are references into other modules' tables, kept without a relation.
 */
@Entity('reputation_entries')
@Index('reputation_entries_by_user', ['userId', 'createdAt'])
@Index('reputation_entries_open_by_vote', ['voteId'], { where: 'NOT "reversed" AND "vote_id" IS NOT NULL' })
@Index('reputation_entries_open_by_post', ['postId'], { where: 'NOT "reversed" AND "post_id" IS NOT NULL' })
@Index('reputation_entries_by_time', ['createdAt'])
export class ReputationEntry {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  amount: number;

  /** What the rules asked for before the floor and cap; shows why a row applied less. */
  @Column({ type: 'int' })
  requested: number;

  @Column({ type: 'varchar', length: 32 })
  reason: EntryReason | string;

  @Column({ type: 'int', nullable: true })
  postId: number | null;

  @Column({ type: 'int', nullable: true })
  voteId: number | null;

  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'boolean', default: false })
  capped: boolean;

  /** Set on a reversal row: the row it undoes. */
  @Column({ type: 'int', nullable: true })
  reversalOfId: number | null;

  /** Set on an original row once it has been reversed. */
  @Column({ type: 'boolean', default: false })
  reversed: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
