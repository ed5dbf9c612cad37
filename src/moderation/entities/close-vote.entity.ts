import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Post, type CloseReason } from '../../threads/entities/post.entity.js';
import { User } from '../../users/entities/user.entity.js';

/** A pending vote to close a question; the votes are cleared when the question closes or reopens. */
@Entity('close_votes')
@Unique('close_votes_one_per_member', ['questionId', 'voterId'])
export class CloseVote {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  questionId: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<Post>;

  @Column({ type: 'int' })
  voterId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voter_id' })
  voter?: Relation<User>;

  @Column({ type: 'varchar', length: 12 })
  reason: CloseReason;

  @Column({ type: 'int', nullable: true })
  duplicateOfId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
