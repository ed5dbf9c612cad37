import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A question typed or pasted by its exact title is found first however common its words are: at
 * a million posts a title of common words was not always among the candidates its words find.
 */
export class ExactTitles1796400000304 implements MigrationInterface {
  name = 'ExactTitles1796400000304';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "search_heads_exact_title" ON "search_heads" (lower("title"))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."search_heads_exact_title"');
  }
}
