import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Votes' changes waiting for the sweep that publishes their follow-up work in one job (see
 * src/votes/vote-changes.ts): rows come and go within seconds, so no foreign keys to check on
 * every vote and no index but the key.
 */
export class VoteChanges1796400000101 implements MigrationInterface {
  name = 'VoteChanges1796400000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "vote_changes" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "post_id" integer NOT NULL, "post_type" character varying(10) NOT NULL, "question_id" integer NOT NULL, "author_id" integer NOT NULL, "voter_id" integer NOT NULL, "value" smallint NOT NULL, "previous" smallint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6af4362b7fac84adb11f754500c" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "vote_changes"`);
  }
}
