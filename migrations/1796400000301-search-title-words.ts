import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each word of each title (and tag) of a question or article, with the document's kind, solved flag
 * and score: an inverted list per word that its index keeps best-voted first. A search of common
 * words reads the head of each word's list, a few hundred index entries, where the title GIN index
 * would read every title holding the word (tens of thousands at a million posts), and the rarer
 * title words are counted per title from their lists without touching a row. A trigger keeps it
 * in step with search_heads; a vote's new score only updates the scores.
 */
export class SearchTitleWords1796400000301 implements MigrationInterface {
  name = 'SearchTitleWords1796400000301';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "search_title_words" (
      "lexeme" text NOT NULL, "id" varchar(40) NOT NULL, "kind" varchar(16) NOT NULL, "solved" boolean NOT NULL, "score" integer NOT NULL,
      PRIMARY KEY ("id", "lexeme"))`);
    await queryRunner.query(`INSERT INTO "search_title_words"
      SELECT l, h."id", h."kind", h."solved", h."score" FROM "search_heads" h, unnest(tsvector_to_array(h."head_tsv")) l`);
    await queryRunner.query(`CREATE INDEX "search_title_words_by_score" ON "search_title_words" ("lexeme", "score", "id") INCLUDE ("kind", "solved")`);
    await queryRunner.query(`CREATE FUNCTION "search_title_words_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW."head_tsv" = OLD."head_tsv" AND NEW."kind" = OLD."kind" AND NEW."solved" = OLD."solved" THEN
          IF NEW."score" <> OLD."score" THEN
            UPDATE "search_title_words" SET "score" = NEW."score" WHERE "id" = NEW."id";
          END IF;
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM "search_title_words" WHERE "id" = OLD."id";
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO "search_title_words" SELECT l, NEW."id", NEW."kind", NEW."solved", NEW."score" FROM unnest(tsvector_to_array(NEW."head_tsv")) l;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "search_title_words_sync" AFTER INSERT OR UPDATE OR DELETE ON "search_heads"
      FOR EACH ROW EXECUTE FUNCTION "search_title_words_sync"()`);
    await queryRunner.query('ANALYZE "search_title_words"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "search_title_words_sync" ON "search_heads"');
    await queryRunner.query('DROP FUNCTION "search_title_words_sync"()');
    await queryRunner.query('DROP TABLE "search_title_words"');
  }
}
