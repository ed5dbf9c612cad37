import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProfileAndTagIndexes1796200103818 implements MigrationInterface {
  name = 'ProfileAndTagIndexes1796200103818';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"posts_accepted_answer\" ON \"posts\"  (\"accepted_answer_id\") WHERE \"accepted_answer_id\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"posts_visible_by_author\" ON \"posts\"  (\"author_id\", \"type\", \"score\", \"id\") WHERE \"deleted_at\" IS NULL AND \"hidden_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"comments_by_author\" ON \"comments\"  (\"author_id\") ");
    await queryRunner.query('CREATE INDEX "search_documents_by_score" ON "search_documents" ("score", "id")');
    await queryRunner.query(`CREATE INDEX "posts_questions_tags" ON "posts" USING GIN ("tags") WHERE "type" = 'question' AND "deleted_at" IS NULL AND "hidden_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."posts_questions_tags"');
    await queryRunner.query('DROP INDEX "public"."search_documents_by_score"');
    await queryRunner.query("DROP INDEX \"public\".\"comments_by_author\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_visible_by_author\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_accepted_answer\"");
  }
}
