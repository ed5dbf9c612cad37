import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Post } from '../../threads/entities/post.entity.js';
import { User } from '../../users/entities/user.entity.js';

export type ArticleStatus = 'draft' | 'published';

/**
 * A knowledge-base article, promoted from one answer. The provenance (question, answer and the
 * answer's revision at promotion) never changes; `reviewedRevision` is the answer revision an
 * agent last checked the article against, and the source is "changed" while a later one exists.
 */
@Entity('kb_articles')
@Check('kb_articles_status_known', `"status" IN ('draft', 'published')`)
@Index('kb_articles_published_by_category', ['category'], { where: `"status" = 'published'` })
export class Article {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  /** Set once, from the first title and the id: links keep working when the title changes. */
  @Column({ type: 'varchar', length: 100, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: ArticleStatus;

  @Column({ type: 'varchar', length: 150 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  summary: string | null;

  @Column({ type: 'text' })
  body: string;

  /** Rendered and sanitised once, when written. */
  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'varchar', length: 35 })
  category: string;

  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  tags: string[];

  /** Credited: the author of the source answer. */
  @Column({ type: 'int' })
  authorId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<User>;

  @Column({ type: 'int' })
  promotedById: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'promoted_by_id' })
  promotedBy?: Relation<User>;

  @Column({ type: 'int' })
  sourceQuestionId: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_question_id' })
  sourceQuestion?: Relation<Post>;

  /** Unique: one article per answer, whatever the timing of two promotions. */
  @Column({ type: 'int', unique: true })
  sourceAnswerId: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_answer_id' })
  sourceAnswer?: Relation<Post>;

  /** The answer's revision number when it was promoted. */
  @Column({ type: 'int' })
  sourceRevision: number;

  /** The answer revision the article was last checked against (the promoted one at first). */
  @Column({ type: 'int' })
  reviewedRevision: number;

  /** Set when the answer is edited past `reviewedRevision`; cleared by marking the article reviewed. */
  @Column({ type: 'timestamptz', nullable: true })
  sourceChangedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  versionCount: number;

  /** Counts of "Was this helpful?" answers, kept in the transaction of each answer. */
  @Column({ type: 'int', default: 0 })
  helpfulYes: number;

  @Column({ type: 'int', default: 0 })
  helpfulNo: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
