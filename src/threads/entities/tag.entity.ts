import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Post } from './post.entity.js';

@Entity('tags')
export class Tag {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 35, unique: true })
  name: string;

  /** Visible questions carrying the tag, kept in the same transaction as the change. */
  @Column({ type: 'int', default: 0 })
  questionCount: number;

  /** A short description (an imported tag wiki excerpt) and the longer wiki body, Markdown. */
  @Column({ type: 'text', nullable: true })
  excerpt: string | null;

  @Column({ type: 'text', nullable: true })
  wiki: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('post_tags')
@Index('post_tags_by_tag', ['tagId', 'postId'])
export class PostTag {
  @PrimaryColumn({ type: 'int' })
  postId: number;

  @PrimaryColumn({ type: 'int' })
  tagId: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<Post>;

  @ManyToOne(() => Tag, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id' })
  tag?: Relation<Tag>;
}
