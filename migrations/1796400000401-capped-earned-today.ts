import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a member's upvotes earned on their last UTC day of them, kept on their row beside the
 * balance. The daily cap read it as a sum over the day's ledger entries, under the member's lock:
 * a cost that grew with every vote of the day, on the busiest authors most. The partial index that
 * sum read goes with it (one index fewer for every ledger entry to write).
 */
export class CappedEarnedToday1796400000401 implements MigrationInterface {
  name = 'CappedEarnedToday1796400000401';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "capped_day" date, ADD "capped_earned" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `UPDATE "users" u SET "capped_day" = today.day, "capped_earned" = today.earned
       FROM (SELECT user_id, (now() AT TIME ZONE 'UTC')::date AS day, SUM(amount)::int AS earned FROM reputation_entries
             WHERE capped AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' GROUP BY user_id) today
       WHERE u.id = today.user_id`,
    );
    await queryRunner.query(`DROP INDEX "public"."reputation_entries_capped"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "reputation_entries_capped" ON "reputation_entries" ("user_id", "created_at") WHERE "capped"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "capped_earned", DROP COLUMN "capped_day"`);
  }
}
