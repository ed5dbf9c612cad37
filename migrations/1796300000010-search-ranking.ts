import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search on narrow rows: a title-and-tags vector of its own with a GIN index (what suggestions
 * match and what ranking reads, small enough to stay in the row), and a short precomputed snippet
 * (highlighting reads it instead of a whole thread).
 */
export class SearchRanking1796300000010 implements MigrationInterface {
  name = 'SearchRanking1796300000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "search_documents" ADD "head_tsv" tsvector');
    await queryRunner.query('ALTER TABLE "search_documents" ADD "snippet" text');
    await queryRunner.query(`UPDATE "search_documents" SET
      "head_tsv" = setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('simple', array_to_string("tags", ' ')), 'B'),
      "snippet" = left(CASE WHEN "body" <> '' THEN "body" ELSE "answers" END, 320)`);
    await queryRunner.query('ALTER TABLE "search_documents" ALTER COLUMN "head_tsv" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "search_documents" ALTER COLUMN "snippet" SET NOT NULL');
    // Answers repeat their question's title: the titles of questions and articles are enough.
    await queryRunner.query(`CREATE INDEX "search_documents_head" ON "search_documents" USING GIN ("head_tsv") WHERE "kind" <> 'answer'`);
    // Near misses read titles of questions and articles only, for the same reason.
    await queryRunner.query('DROP INDEX "public"."search_documents_title_trgm"');
    await queryRunner.query(`CREATE INDEX "search_documents_title_trgm" ON "search_documents" USING GIN ("title" gin_trgm_ops) WHERE "kind" <> 'answer'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."search_documents_title_trgm"');
    await queryRunner.query('CREATE INDEX "search_documents_title_trgm" ON "search_documents" USING GIN ("title" gin_trgm_ops)');
    await queryRunner.query('DROP INDEX "public"."search_documents_head"');
    await queryRunner.query('ALTER TABLE "search_documents" DROP COLUMN "snippet"');
    await queryRunner.query('ALTER TABLE "search_documents" DROP COLUMN "head_tsv"');
  }
}
