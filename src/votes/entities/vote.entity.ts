import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import { Post } from '../../threads/entities/post.entity.js';
import { User } from '../../users/entities/user.entity.js';

/**
 * One row per member and post, whatever the timing: the unique key makes a second vote
 * impossible. A retracted vote keeps its row with value 0, so the ledger rows it caused still
 * point at it.
 */
@Entity('votes')
@Unique('votes_one_per_member_and_post', ['voterId', 'postId'])
@Index('votes_by_post', ['postId'])
export class Vote {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  postId: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<Post>;

  @Column({ type: 'int' })
  voterId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voter_id' })
  voter?: Relation<User>;

  /** 1 up, -1 down, 0 retracted. */
  @Column({ type: 'smallint' })
  value: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
