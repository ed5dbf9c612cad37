import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Badges1795459497733 implements MigrationInterface {
  name = 'Badges1795459497733';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"badge_settings\" (\"name\" character varying(40) NOT NULL, \"value\" integer NOT NULL, CONSTRAINT \"PK_6082538863f1726d00a8fb02839\" PRIMARY KEY (\"name\"))");
    await queryRunner.query("CREATE TABLE \"badge_awards\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"badge\" character varying(40) NOT NULL, \"post_id\" integer, \"awarded_by_id\" integer, \"reason\" character varying(500), \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"revoked_by_id\" integer, \"revoke_reason\" character varying(500), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5fa679a182a2bd25a7be1ab1e6a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"badge_awards_holders\" ON \"badge_awards\"  (\"badge\", \"created_at\") WHERE \"revoked_at\" IS NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"badge_awards_once_per_post\" ON \"badge_awards\"  (\"user_id\", \"badge\", \"post_id\") WHERE \"post_id\" IS NOT NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"badge_awards_once\" ON \"badge_awards\"  (\"user_id\", \"badge\") WHERE \"post_id\" IS NULL");
    await queryRunner.query("CREATE TABLE \"super_user_nominations\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"status\" character varying(10) NOT NULL DEFAULT 'pending', \"evidence\" jsonb NOT NULL, \"decided_by_id\" integer, \"decided_at\" TIMESTAMP WITH TIME ZONE, \"note\" character varying(500), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"super_user_nominations_status_known\" CHECK (\"status\" IN ('pending', 'approved', 'declined')), CONSTRAINT \"PK_39d5a4e77fd878d6e7e8eaa98dc\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"super_user_nominations_by_status\" ON \"super_user_nominations\"  (\"status\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"super_user_nominations_one_pending\" ON \"super_user_nominations\"  (\"user_id\") WHERE \"status\" = 'pending'");
    await queryRunner.query("ALTER TABLE \"badge_awards\" ADD CONSTRAINT \"FK_714de92fcb44904d690081264cb\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"badge_awards\" ADD CONSTRAINT \"FK_503ede106f8519ee03a111e69ae\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"badge_awards\" ADD CONSTRAINT \"FK_7ff6e507b128d7ad493ae43ba12\" FOREIGN KEY (\"awarded_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"badge_awards\" ADD CONSTRAINT \"FK_45f936ba1bd2e426b4651b191e0\" FOREIGN KEY (\"revoked_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"super_user_nominations\" ADD CONSTRAINT \"FK_f875a030a7a4aefd6de75342b6f\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"super_user_nominations\" ADD CONSTRAINT \"FK_18a969ffb2d1d40e6151cd19833\" FOREIGN KEY (\"decided_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"super_user_nominations\" DROP CONSTRAINT \"FK_18a969ffb2d1d40e6151cd19833\"");
    await queryRunner.query("ALTER TABLE \"super_user_nominations\" DROP CONSTRAINT \"FK_f875a030a7a4aefd6de75342b6f\"");
    await queryRunner.query("ALTER TABLE \"badge_awards\" DROP CONSTRAINT \"FK_45f936ba1bd2e426b4651b191e0\"");
    await queryRunner.query("ALTER TABLE \"badge_awards\" DROP CONSTRAINT \"FK_7ff6e507b128d7ad493ae43ba12\"");
    await queryRunner.query("ALTER TABLE \"badge_awards\" DROP CONSTRAINT \"FK_503ede106f8519ee03a111e69ae\"");
    await queryRunner.query("ALTER TABLE \"badge_awards\" DROP CONSTRAINT \"FK_714de92fcb44904d690081264cb\"");
    await queryRunner.query("DROP INDEX \"public\".\"super_user_nominations_one_pending\"");
    await queryRunner.query("DROP INDEX \"public\".\"super_user_nominations_by_status\"");
    await queryRunner.query("DROP TABLE \"super_user_nominations\"");
    await queryRunner.query("DROP INDEX \"public\".\"badge_awards_once\"");
    await queryRunner.query("DROP INDEX \"public\".\"badge_awards_once_per_post\"");
    await queryRunner.query("DROP INDEX \"public\".\"badge_awards_holders\"");
    await queryRunner.query("DROP TABLE \"badge_awards\"");
    await queryRunner.query("DROP TABLE \"badge_settings\"");
  }
}
