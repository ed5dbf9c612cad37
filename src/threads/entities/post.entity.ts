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
} from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export type PostType = 'question' | 'answer';
export type CloseReason = 'duplicate' | 'off-topic';

const VISIBLE_QUESTION = `"type" = 'question' AND "deleted_at" IS NULL AND "hidden_at" IS NULL`;

/**
 * Questions and answers share one table, as on Stack Exchange: votes, comments, flags,
 * revisions and search treat them alike. Columns that belong to one kind are nullable.
 */
@Entity('posts')
@Check('posts_type_known', `"type" IN ('question', 'answer')`)
@Check('posts_close_reason_known', `"close_reason" IS NULL OR "close_reason" IN ('duplicate', 'off-topic')`)
@Check('posts_shape', `("type" = 'question' AND "parent_id" IS NULL AND "title" IS NOT NULL) OR ("type" = 'answer' AND "parent_id" IS NOT NULL AND "title" IS NULL)`)
@Index('posts_answers_of_question', ['parentId'], { where: `"type" = 'answer'` })
// The question lists, each served from its own partial index over visible questions.
@Index('posts_questions_newest', ['createdAt', 'id'], { where: VISIBLE_QUESTION })
@Index('posts_questions_active', ['lastActivityAt', 'id'], { where: VISIBLE_QUESTION })
@Index('posts_questions_top', ['score', 'id'], { where: VISIBLE_QUESTION })
@Index('posts_questions_unanswered', ['createdAt', 'id'], { where: `${VISIBLE_QUESTION} AND "answer_count" = 0` })
@Index('posts_by_author', ['authorId', 'createdAt'])
// Profiles: a member's visible posts of a kind, counted and ranked by score, from the index alone.
@Index('posts_visible_by_author', ['authorId', 'type', 'score', 'id'], { where: `"deleted_at" IS NULL AND "hidden_at" IS NULL` })
@Index('posts_accepted_answer', ['acceptedAnswerId'], { where: `"accepted_answer_id" IS NOT NULL` })
// A tag's list: GIN over the tags of visible questions (created in the migration; TypeORM cannot declare it).
@Index('posts_questions_tags', { synchronize: false })
export class Post {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 10 })
  type: PostType;

  /** The question an answer belongs to. */
  @Column({ type: 'int', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Post>;

  @Column({ type: 'int' })
  authorId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<User>;

  @Column({ type: 'varchar', length: 150, nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  slug: string | null;

  @Column({ type: 'text' })
  body: string;

  /** Rendered and sanitised once, when written. */
  @Column({ type: 'text' })
  bodyHtml: string;

  /** Tag names of a question, kept beside post_tags so lists need no join to show them. */
  @Column({ type: 'varchar', array: true, nullable: true })
  tags: string[] | null;

  @Column({ type: 'int', default: 0 })
  score: number;

  /** The score a post arrived with from an imported dump (whose votes carry no voter); its votes add to it. */
  @Column({ type: 'int', default: 0 })
  scoreBaseline: number;

  @Column({ type: 'int', default: 0 })
  answerCount: number;

  @Column({ type: 'int', default: 0 })
  commentCount: number;

  @Column({ type: 'int', default: 0 })
  viewCount: number;

  @Column({ type: 'int', nullable: true })
  acceptedAnswerId: number | null;

  /** Who marked the solution: the asker, or staff when the asker had not. */
  @Column({ type: 'int', nullable: true })
  acceptedById: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  verifiedById: number | null;

  @Column({ type: 'boolean', default: false })
  hasVerifiedAnswer: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  /** A closed question takes no new answers; `duplicateOfId` links the original of a duplicate. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  closeReason: CloseReason | null;

  @Column({ type: 'int', nullable: true })
  duplicateOfId: number | null;

  @ManyToOne(() => Post, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'duplicate_of_id' })
  duplicateOf?: Relation<Post>;

  @Column({ type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  deletedById: number | null;

  @Column({ type: 'int', default: 1 })
  revisionCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  lastEditorId: number | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;

  /** Attribution of an imported post: the site, its id there, the author's name there, its licence. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  importedFrom: string | null;

  @Column({ type: 'int', nullable: true })
  sourceId: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  sourceAuthor: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  sourceLicense: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
