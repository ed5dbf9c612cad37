import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Article } from './article.entity.js';

/** One "Was this helpful?" answer per reader and article; answering again changes it. */
@Entity('kb_article_feedback')
export class ArticleFeedback {
  @PrimaryColumn({ type: 'int' })
  articleId: number;

  /** `u:<id>` for members, a hash of address and browser for anonymous readers (no cookie). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  readerKey: string;

  @ManyToOne(() => Article, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<Article>;

  @Column({ type: 'boolean' })
  helpful: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
