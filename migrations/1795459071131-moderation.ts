import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Moderation1795459071131 implements MigrationInterface {
  name = 'Moderation1795459071131';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"moderation_log\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"actor_id\" integer, \"action\" character varying(32) NOT NULL, \"target_type\" character varying(10) NOT NULL, \"target_id\" integer NOT NULL, \"target_user_id\" integer, \"reason\" text, \"details\" jsonb, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d0adca6ecfd068db83e4526cc26\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"moderation_log_by_target\" ON \"moderation_log\"  (\"target_type\", \"target_id\") ");
    await queryRunner.query("CREATE INDEX \"moderation_log_by_action\" ON \"moderation_log\"  (\"action\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"moderation_log_by_actor\" ON \"moderation_log\"  (\"actor_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"moderation_log_by_time\" ON \"moderation_log\"  (\"created_at\") ");
    await queryRunner.query("CREATE TABLE \"close_votes\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"question_id\" integer NOT NULL, \"voter_id\" integer NOT NULL, \"reason\" character varying(12) NOT NULL, \"duplicate_of_id\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"close_votes_one_per_member\" UNIQUE (\"question_id\", \"voter_id\"), CONSTRAINT \"PK_e5155d7cc35cfbc867c9747d702\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"flags\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"target_type\" character varying(10) NOT NULL, \"target_id\" integer NOT NULL, \"question_id\" integer NOT NULL, \"flagger_id\" integer NOT NULL, \"reason\" character varying(12) NOT NULL, \"note\" character varying(500), \"counts\" boolean NOT NULL, \"status\" character varying(10) NOT NULL DEFAULT 'open', \"resolved_at\" TIMESTAMP WITH TIME ZONE, \"resolved_by_id\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"flags_target_type_known\" CHECK (\"target_type\" IN ('question', 'answer', 'comment')), CONSTRAINT \"flags_status_known\" CHECK (\"status\" IN ('open', 'dismissed', 'upheld')), CONSTRAINT \"flags_reason_known\" CHECK (\"reason\" IN ('spam', 'offensive', 'off-topic', 'other')), CONSTRAINT \"PK_ea7e333c92a55de9e9b8d0b9afd\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"flags_open_by_target\" ON \"flags\"  (\"target_type\", \"target_id\", \"created_at\") WHERE \"status\" = 'open'");
    await queryRunner.query("CREATE UNIQUE INDEX \"flags_one_open_per_member\" ON \"flags\"  (\"flagger_id\", \"target_type\", \"target_id\") WHERE \"status\" = 'open'");
    await queryRunner.query("ALTER TABLE \"posts\" ADD \"closed_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"posts\" ADD \"close_reason\" character varying(12)");
    await queryRunner.query("ALTER TABLE \"posts\" ADD \"duplicate_of_id\" integer");
    await queryRunner.query("ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_close_reason_known\" CHECK (\"close_reason\" IS NULL OR \"close_reason\" IN ('duplicate', 'off-topic'))");
    await queryRunner.query("ALTER TABLE \"posts\" ADD CONSTRAINT \"FK_9cb6cf97a95c772db78b8d652cf\" FOREIGN KEY (\"duplicate_of_id\") REFERENCES \"posts\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"moderation_log\" ADD CONSTRAINT \"FK_0a29c8837f16c8071f0a5b4a907\" FOREIGN KEY (\"actor_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"moderation_log\" ADD CONSTRAINT \"FK_d078706051b7a84afd372544037\" FOREIGN KEY (\"target_user_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"close_votes\" ADD CONSTRAINT \"FK_044080608874ea0a6562f3a4fd2\" FOREIGN KEY (\"question_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"close_votes\" ADD CONSTRAINT \"FK_9de3f86a9476c939363887b5a50\" FOREIGN KEY (\"voter_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"flags\" ADD CONSTRAINT \"FK_d2a960c7f8af105d464d65b346d\" FOREIGN KEY (\"question_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"flags\" ADD CONSTRAINT \"FK_de975295f26e5588844615b0ca7\" FOREIGN KEY (\"flagger_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Written by hand: the audit log is append-only, whoever connects.
    await queryRunner.query("CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the moderation log cannot be changed' USING ERRCODE = 'insufficient_privilege'; END $$");
    await queryRunner.query("CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON \"moderation_log\" FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_append_only()");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TRIGGER moderation_log_append_only ON \"moderation_log\"");
    await queryRunner.query("DROP FUNCTION moderation_log_append_only()");
    await queryRunner.query("ALTER TABLE \"flags\" DROP CONSTRAINT \"FK_de975295f26e5588844615b0ca7\"");
    await queryRunner.query("ALTER TABLE \"flags\" DROP CONSTRAINT \"FK_d2a960c7f8af105d464d65b346d\"");
    await queryRunner.query("ALTER TABLE \"close_votes\" DROP CONSTRAINT \"FK_9de3f86a9476c939363887b5a50\"");
    await queryRunner.query("ALTER TABLE \"close_votes\" DROP CONSTRAINT \"FK_044080608874ea0a6562f3a4fd2\"");
    await queryRunner.query("ALTER TABLE \"moderation_log\" DROP CONSTRAINT \"FK_d078706051b7a84afd372544037\"");
    await queryRunner.query("ALTER TABLE \"moderation_log\" DROP CONSTRAINT \"FK_0a29c8837f16c8071f0a5b4a907\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP CONSTRAINT \"FK_9cb6cf97a95c772db78b8d652cf\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_close_reason_known\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP COLUMN \"duplicate_of_id\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP COLUMN \"close_reason\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP COLUMN \"closed_at\"");
    await queryRunner.query("DROP INDEX \"public\".\"flags_one_open_per_member\"");
    await queryRunner.query("DROP INDEX \"public\".\"flags_open_by_target\"");
    await queryRunner.query("DROP TABLE \"flags\"");
    await queryRunner.query("DROP TABLE \"close_votes\"");
    await queryRunner.query("DROP INDEX \"public\".\"moderation_log_by_time\"");
    await queryRunner.query("DROP INDEX \"public\".\"moderation_log_by_actor\"");
    await queryRunner.query("DROP INDEX \"public\".\"moderation_log_by_action\"");
    await queryRunner.query("DROP INDEX \"public\".\"moderation_log_by_target\"");
    await queryRunner.query("DROP TABLE \"moderation_log\"");
  }
}
