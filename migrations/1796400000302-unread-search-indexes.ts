import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two indexes of search_documents no query reads any more: titles are looked up in search_heads
 * and search_title_words, and full-text matches are sorted by votes, never walked by score. Each
 * was written on every indexing, and the score index on every vote (it kept a new score from
 * being a heap-only update).
 */
export class UnreadSearchIndexes1796400000302 implements MigrationInterface {
  name = 'UnreadSearchIndexes1796400000302';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."search_documents_head"');
    await queryRunner.query('DROP INDEX "public"."search_documents_by_score"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "search_documents_by_score" ON "search_documents" ("score", "id")');
    await queryRunner.query(`CREATE INDEX "search_documents_head" ON "search_documents" USING GIN ("head_tsv") WHERE "kind" <> 'answer'`);
  }
}
