import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ask page looks for knowledge-base articles beside solved questions, on every title typed.
 * Articles are few: walking each word's whole list for them read every title holding a common
 * word, and when none matched, the near misses read every title sharing a trigram with the
 * query. Indexes of their own make both lookups read articles only.
 */
export class ArticleTitleIndexes1796400000303 implements MigrationInterface {
  name = 'ArticleTitleIndexes1796400000303';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "search_title_words_articles" ON "search_title_words" ("lexeme", "score", "id") WHERE "kind" = 'article'`);
    await queryRunner.query(`CREATE INDEX "search_documents_article_title_trgm" ON "search_documents" USING GIN ("title" gin_trgm_ops) WHERE "kind" = 'article'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."search_documents_article_title_trgm"');
    await queryRunner.query('DROP INDEX "public"."search_title_words_articles"');
  }
}
