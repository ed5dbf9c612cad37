import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InsightsAndNotifications1795459586700 implements MigrationInterface {
  name = 'InsightsAndNotifications1795459586700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"insights_answer_facts\" (\"answer_id\" integer NOT NULL, \"question_id\" integer NOT NULL, \"author_id\" integer NOT NULL, \"tags\" character varying array NOT NULL DEFAULT '{}', \"answered_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"accepted\" boolean NOT NULL, CONSTRAINT \"PK_6ff01e24fa9a8e332b9bc3d6dff\" PRIMARY KEY (\"answer_id\"))");
    await queryRunner.query("CREATE INDEX \"insights_answer_facts_by_question\" ON \"insights_answer_facts\"  (\"question_id\") ");
    await queryRunner.query("CREATE INDEX \"insights_answer_facts_by_time\" ON \"insights_answer_facts\"  (\"answered_at\") ");
    await queryRunner.query("CREATE TABLE \"insights_queue_claims\" (\"question_id\" integer NOT NULL, \"agent_id\" integer NOT NULL, \"claimed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_1d802233e5e900728bc2c61f236\" PRIMARY KEY (\"question_id\"))");
    await queryRunner.query("CREATE TABLE \"insights_question_facts\" (\"question_id\" integer NOT NULL, \"author_id\" integer NOT NULL, \"title\" character varying(150) NOT NULL, \"slug\" character varying(100) NOT NULL, \"tags\" character varying array NOT NULL DEFAULT '{}', \"asked_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"visible\" boolean NOT NULL, \"open\" boolean NOT NULL, \"first_answer_at\" TIMESTAMP WITH TIME ZONE, \"last_answer_at\" TIMESTAMP WITH TIME ZONE, \"best_answer_score\" integer, \"solved_at\" TIMESTAMP WITH TIME ZONE, \"solved_by_staff\" boolean, CONSTRAINT \"PK_e7506d5d403b2ab6e5077c810b9\" PRIMARY KEY (\"question_id\"))");
    await queryRunner.query("CREATE INDEX \"insights_question_facts_waiting\" ON \"insights_question_facts\"  (\"asked_at\", \"question_id\") WHERE \"open\" AND \"solved_at\" IS NULL AND (\"best_answer_score\" IS NULL OR \"best_answer_score\" <= 0)");
    await queryRunner.query("CREATE INDEX \"insights_question_facts_by_time\" ON \"insights_question_facts\"  (\"asked_at\") WHERE \"visible\"");
    await queryRunner.query("CREATE TABLE \"insights_response_targets\" (\"tag\" character varying(35) NOT NULL, \"hours\" integer NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"insights_response_targets_positive\" CHECK (\"hours\" > 0), CONSTRAINT \"PK_5327eb5dbf5bf4a0a59cbc8b3b3\" PRIMARY KEY (\"tag\"))");
    await queryRunner.query("CREATE TABLE \"insights_super_users\" (\"user_id\" integer NOT NULL, \"since\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_6482603055c57c627100d825c93\" PRIMARY KEY (\"user_id\"))");
    await queryRunner.query("CREATE TABLE \"notification_preferences\" (\"user_id\" integer NOT NULL, \"email\" boolean NOT NULL DEFAULT true, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_64c90edc7310c6be7c10c96f675\" PRIMARY KEY (\"user_id\"))");
    await queryRunner.query("CREATE TABLE \"notifications\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"kind\" character varying(16) NOT NULL, \"source_key\" character varying(64) NOT NULL, \"actor_id\" integer, \"text\" character varying(300) NOT NULL, \"url\" character varying(300) NOT NULL, \"read_at\" TIMESTAMP WITH TIME ZONE, \"emailed_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"notifications_once_per_source\" UNIQUE (\"user_id\", \"source_key\"), CONSTRAINT \"notifications_kind_known\" CHECK (\"kind\" IN ('answer', 'comment', 'accepted', 'badge', 'super-user', 'promoted', 'moderation')), CONSTRAINT \"PK_6a72c3c0f683f6462415e653c3a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"notifications_unread\" ON \"notifications\"  (\"user_id\") WHERE \"read_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"notifications_by_user\" ON \"notifications\"  (\"user_id\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"insights_queue_claims\" ADD CONSTRAINT \"FK_36ae83f618cbff88c0e3aef0083\" FOREIGN KEY (\"agent_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" ADD CONSTRAINT \"FK_64c90edc7310c6be7c10c96f675\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notifications\" ADD CONSTRAINT \"FK_9a8a82462cab47c73d25f49261f\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"notifications\" ADD CONSTRAINT \"FK_20f8b51fd9655c0b69feed5efc6\" FOREIGN KEY (\"actor_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"notifications\" DROP CONSTRAINT \"FK_20f8b51fd9655c0b69feed5efc6\"");
    await queryRunner.query("ALTER TABLE \"notifications\" DROP CONSTRAINT \"FK_9a8a82462cab47c73d25f49261f\"");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" DROP CONSTRAINT \"FK_64c90edc7310c6be7c10c96f675\"");
    await queryRunner.query("ALTER TABLE \"insights_queue_claims\" DROP CONSTRAINT \"FK_36ae83f618cbff88c0e3aef0083\"");
    await queryRunner.query("DROP INDEX \"public\".\"notifications_by_user\"");
    await queryRunner.query("DROP INDEX \"public\".\"notifications_unread\"");
    await queryRunner.query("DROP TABLE \"notifications\"");
    await queryRunner.query("DROP TABLE \"notification_preferences\"");
    await queryRunner.query("DROP TABLE \"insights_super_users\"");
    await queryRunner.query("DROP TABLE \"insights_response_targets\"");
    await queryRunner.query("DROP INDEX \"public\".\"insights_question_facts_by_time\"");
    await queryRunner.query("DROP INDEX \"public\".\"insights_question_facts_waiting\"");
    await queryRunner.query("DROP TABLE \"insights_question_facts\"");
    await queryRunner.query("DROP TABLE \"insights_queue_claims\"");
    await queryRunner.query("DROP INDEX \"public\".\"insights_answer_facts_by_time\"");
    await queryRunner.query("DROP INDEX \"public\".\"insights_answer_facts_by_question\"");
    await queryRunner.query("DROP TABLE \"insights_answer_facts\"");
  }
}
