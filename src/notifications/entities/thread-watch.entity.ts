import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/**
 * A member watches a thread (asking or answering starts watching). `watching = false` records an
 * unwatch, so answering again later does not start watching against the member's wish.
 */
@Entity('thread_watches')
@Index('thread_watches_by_question', ['questionId'], { where: `"watching"` })
export class ThreadWatch {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @PrimaryColumn({ type: 'int' })
  questionId: number;

  @Column({ type: 'boolean' })
  watching: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
