import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The PostgreSQL adapter's index: one row per searchable document, with a weighted tsvector
 * (title A, tags B, body C, answers D), a small title-and-tags vector of its own, and a trigram
 * index on titles for misspelt queries. The GIN indexes are created by migrations (TypeORM cannot
 * declare their operator classes).
 */
@Entity('search_documents')
@Index('search_documents_tsv', { synchronize: false })
@Index('search_documents_title_trgm', { synchronize: false })
@Index('search_documents_article_title_trgm', { synchronize: false })
@Index('search_documents_kind', ['kind'])
export class SearchDocumentRow {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 10 })
  kind: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  answers: string;

  @Column({ type: 'varchar', array: true })
  tags: string[];

  @Column({ type: 'boolean' })
  solved: boolean;

  @Column({ type: 'int' })
  score: number;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'tsvector' })
  tsv: string;

  /** Title (A) and tags (B) only: what suggestions match and ranking reads (small, stays in the row). */
  @Column({ type: 'tsvector' })
  headTsv: string;

  /** The start of the body (or of the answers), highlighted per request instead of the whole thread. */
  @Column({ type: 'text' })
  snippet: string;

  /** When the row was last written; a rebuild removes rows it did not write. */
  @Column({ type: 'timestamptz' })
  indexedAt: Date;
}
