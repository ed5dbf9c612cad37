import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on each page of `search_documents` for a row's next version, so that a vote's new score is
 * a heap-only update. The score is in none of the table's indexes, but on full pages every update
 * wrote a new entry into each of them: the full-text GIN index took every word of the thread again,
 * about a third of a millisecond a row, and the batched score updates after a burst of votes kept the
 * database busy long after it. Pages written from now on keep the room; an existing index gets it
 * from `VACUUM FULL search_documents` (docs/operations.md) or, page by page, as vacuum frees space.
 */
export class RoomForNewScores1796400000402 implements MigrationInterface {
  name = 'RoomForNewScores1796400000402';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "search_documents" SET (fillfactor = 85)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "search_documents" RESET (fillfactor)');
  }
}
