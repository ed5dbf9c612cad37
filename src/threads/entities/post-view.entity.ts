import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Post } from './post.entity.js';

/** When a viewer last counted as a view of a question: views count once per viewer per hour. */
@Entity('post_views')
export class PostView {
  @PrimaryColumn({ type: 'int' })
  postId: number;

  /** `u:<id>` for members, a hash of address and browser for anonymous readers. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  viewerKey: string;

  @Column({ type: 'timestamptz' })
  viewedAt: Date;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<Post>;
}
