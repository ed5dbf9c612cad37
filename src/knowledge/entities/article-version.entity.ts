import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';
import { Article } from './article.entity.js';

/** Every saved state of an article, the promoted draft included; number 1 is the first. */
@Entity('kb_article_versions')
@Unique('kb_article_versions_number', ['articleId', 'number'])
export class ArticleVersion {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  articleId: number;

  @ManyToOne(() => Article, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Relation<Article>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'int' })
  editorId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'editor_id' })
  editor?: Relation<User>;

  @Column({ type: 'varchar', length: 150 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  summary: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 35 })
  category: string;

  @Column({ type: 'varchar', array: true })
  tags: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
