import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every search and ask-page lookup, for the insights dashboard (searches, gaps, deflection). */
@Entity('search_queries')
@Index('search_queries_by_time', ['createdAt'])
export class SearchQueryLog {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  text: string;

  /** `search` (the search page or API) or `ask` (suggestions while asking). */
  @Column({ type: 'varchar', length: 10 })
  source: string;

  @Column({ type: 'int' })
  resultCount: number;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A reader followed a result or an ask-page suggestion. */
@Entity('search_clicks')
@Index('search_clicks_by_query', ['queryId'])
export class SearchClick {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int', nullable: true })
  queryId: number | null;

  @Column({ type: 'varchar', length: 32 })
  documentId: string;

  @Column({ type: 'varchar', length: 10 })
  source: string;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
