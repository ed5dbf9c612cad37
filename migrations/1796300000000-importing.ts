import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported communities: members without e-mail or password (nobody can sign in as them), their
 * about text and origin; each imported post's origin (site, source id, author's name, licence) for
 * attribution and its imported score baseline (votes in a dump carry no voter); tag descriptions;
 * the importer's source-id mapping and its runs.
 */
export class Importing1796300000000 implements MigrationInterface {
  name = 'Importing1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "users" ADD "about" text');
    await queryRunner.query('ALTER TABLE "users" ADD "imported_from" varchar(120)');
    await queryRunner.query('ALTER TABLE "users" ADD "imported_source_id" integer');
    await queryRunner.query('ALTER TABLE "users" ADD "imported_name" varchar(255)');
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_can_sign_in_or_imported" CHECK ("imported_from" IS NOT NULL OR ("email" IS NOT NULL AND "password_hash" IS NOT NULL))`);
    await queryRunner.query('ALTER TABLE "posts" ADD "score_baseline" integer NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE "posts" ADD "imported_from" varchar(120)');
    await queryRunner.query('ALTER TABLE "posts" ADD "source_id" integer');
    await queryRunner.query('ALTER TABLE "posts" ADD "source_author" varchar(255)');
    await queryRunner.query('ALTER TABLE "posts" ADD "source_license" varchar(40)');
    await queryRunner.query('ALTER TABLE "tags" ADD "excerpt" text');
    await queryRunner.query('ALTER TABLE "tags" ADD "wiki" text');
    await queryRunner.query(`CREATE TABLE "import_mappings" (
      "site" varchar(120) NOT NULL, "kind" varchar(16) NOT NULL, "source_id" integer NOT NULL, "local_id" integer NOT NULL,
      CONSTRAINT "import_mappings_pk" PRIMARY KEY ("site", "kind", "source_id"))`);
    await queryRunner.query('CREATE INDEX "import_mappings_by_local" ON "import_mappings" ("kind", "local_id")');
    await queryRunner.query(`CREATE TABLE "import_runs" (
      "id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "site" varchar(120) NOT NULL,
      "started_at" timestamptz NOT NULL, "finished_at" timestamptz NOT NULL DEFAULT now(), "summary" jsonb NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "import_runs"');
    await queryRunner.query('DROP TABLE "import_mappings"');
    await queryRunner.query('ALTER TABLE "tags" DROP COLUMN "wiki"');
    await queryRunner.query('ALTER TABLE "tags" DROP COLUMN "excerpt"');
    for (const column of ['source_license', 'source_author', 'source_id', 'imported_from', 'score_baseline']) {
      await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "${column}"`);
    }
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "users_can_sign_in_or_imported"');
    for (const column of ['imported_name', 'imported_source_id', 'imported_from', 'about']) {
      await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "${column}"`);
    }
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL');
  }
}
