import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The narrow rows search ranks titles on: one per question and article (answers repeat their
 * question's title), with what candidates are chosen and ordered by — kind, solved, score, tags,
 * title and the title-and-tags vector — a few hundred bytes each, so the title branches and the
 * best-voted walks read a table that stays in memory instead of the wide index rows. A trigger
 * keeps it in step with search_documents, whoever writes there (the adapter, the bulk seeder,
 * the importer).
 */
export class SearchHeads1796400000201 implements MigrationInterface {
  name = 'SearchHeads1796400000201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_heads" (
      "id" varchar(40) PRIMARY KEY, "kind" varchar(16) NOT NULL, "solved" boolean NOT NULL, "score" integer NOT NULL,
      "tags" varchar[] NOT NULL, "title" text NOT NULL, "head_tsv" tsvector NOT NULL)`);
    await queryRunner.query(`INSERT INTO "search_heads" SELECT "id", "kind", "solved", "score", "tags", "title", "head_tsv" FROM "search_documents" WHERE "kind" <> 'answer'`);
    await queryRunner.query(`CREATE INDEX "search_heads_tsv" ON "search_heads" USING GIN ("head_tsv")`);
    await queryRunner.query(`CREATE INDEX "search_heads_by_score" ON "search_heads" ("score", "id")`);
    await queryRunner.query(`CREATE FUNCTION "search_heads_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW."kind" = 'answer' THEN
          DELETE FROM "search_heads" WHERE "id" = OLD."id";
        ELSE
          INSERT INTO "search_heads" VALUES (NEW."id", NEW."kind", NEW."solved", NEW."score", NEW."tags", NEW."title", NEW."head_tsv")
          ON CONFLICT ("id") DO UPDATE SET "kind" = EXCLUDED."kind", "solved" = EXCLUDED."solved", "score" = EXCLUDED."score",
            "tags" = EXCLUDED."tags", "title" = EXCLUDED."title", "head_tsv" = EXCLUDED."head_tsv";
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "search_heads_sync" AFTER INSERT OR UPDATE OR DELETE ON "search_documents"
      FOR EACH ROW EXECUTE FUNCTION "search_heads_sync"()`);
    await queryRunner.query('ANALYZE "search_heads"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "search_heads_sync" ON "search_documents"');
    await queryRunner.query('DROP FUNCTION "search_heads_sync"()');
    await queryRunner.query('DROP TABLE "search_heads"');
  }
}
