import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SupportIntegrations1796236312429 implements MigrationInterface {
  name = 'SupportIntegrations1796236312429';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"escalations\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"ref\" character varying(40) NOT NULL, \"question_id\" integer NOT NULL, \"question_asked_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"via\" character varying(10) NOT NULL, \"escalated_by_id\" integer, \"escalated_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"sent_at\" TIMESTAMP WITH TIME ZONE, \"ticket_url\" character varying(500), \"status\" character varying(10) NOT NULL DEFAULT 'open', \"resolution\" text, \"resolved_at\" TIMESTAMP WITH TIME ZONE, \"answer_id\" integer, \"published_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"UQ_85813a85757b727e5b366c9af59\" UNIQUE (\"ref\"), CONSTRAINT \"UQ_ff4a11206596b84b124ce9f6630\" UNIQUE (\"question_id\"), CONSTRAINT \"escalations_via_known\" CHECK (\"via\" IN ('webhook', 'email')), CONSTRAINT \"escalations_status_known\" CHECK (\"status\" IN ('open', 'resolved', 'published')), CONSTRAINT \"PK_652a394609addaa4b0f2b3032a1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"helpdesk_connector\" (\"id\" integer NOT NULL, \"mode\" character varying(10) NOT NULL, \"url\" character varying(500), \"intake_email\" character varying(254), \"secret\" character varying(100) NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"helpdesk_connector_mode_known\" CHECK (\"mode\" IN ('webhook', 'email')), CONSTRAINT \"helpdesk_connector_single\" CHECK (\"id\" = 1), CONSTRAINT \"PK_94f5fcc13e5ae705503a8304d3c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"inbound_signatures\" (\"signature\" character varying(64) NOT NULL, \"purpose\" character varying(60) NOT NULL, \"received_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_66916d56d723ee791435de3ea94\" PRIMARY KEY (\"signature\"))");
    await queryRunner.query("CREATE INDEX \"inbound_signatures_by_time\" ON \"inbound_signatures\"  (\"received_at\") ");
    await queryRunner.query("CREATE TABLE \"webhook_endpoints\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"url\" character varying(500) NOT NULL, \"secret\" character varying(100) NOT NULL, \"events\" character varying array NOT NULL, \"description\" character varying(200) NOT NULL DEFAULT '', \"consecutive_failures\" integer NOT NULL DEFAULT '0', \"paused_at\" TIMESTAMP WITH TIME ZONE, \"created_by_id\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_054c4cfb95223732f5939d2d546\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"webhook_deliveries\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"endpoint_id\" integer NOT NULL, \"event\" character varying(40) NOT NULL, \"event_key\" character varying(100) NOT NULL, \"body\" text NOT NULL, \"status\" character varying(10) NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"last_status_code\" integer, \"delivered_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"webhook_deliveries_once_per_event\" UNIQUE (\"endpoint_id\", \"event_key\"), CONSTRAINT \"webhook_deliveries_status_known\" CHECK (\"status\" IN ('pending', 'delivered', 'failed', 'skipped')), CONSTRAINT \"PK_535dd409947fb6d8fc6dfc0112a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_by_endpoint\" ON \"webhook_deliveries\"  (\"endpoint_id\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"webhook_attempts\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"delivery_id\" integer NOT NULL, \"ok\" boolean NOT NULL, \"status_code\" integer, \"error\" character varying(300), \"duration_ms\" integer NOT NULL, \"attempted_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2de7e7887ad97de459adab62638\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_attempts_by_delivery\" ON \"webhook_attempts\"  (\"delivery_id\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"tag_follows\" (\"user_id\" integer NOT NULL, \"tag\" character varying(35) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_fd01f9b8f10bc54491ea13e6b24\" PRIMARY KEY (\"user_id\", \"tag\"))");
    await queryRunner.query("CREATE INDEX \"tag_follows_by_tag\" ON \"tag_follows\"  (\"tag\") ");
    await queryRunner.query("CREATE TABLE \"thread_watches\" (\"user_id\" integer NOT NULL, \"question_id\" integer NOT NULL, \"watching\" boolean NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d4709c932d35a82794f7092cbf3\" PRIMARY KEY (\"user_id\", \"question_id\"))");
    await queryRunner.query("CREATE INDEX \"thread_watches_by_question\" ON \"thread_watches\"  (\"question_id\") WHERE \"watching\"");
    await queryRunner.query("CREATE TABLE \"question_routes\" (\"question_id\" integer NOT NULL, \"user_id\" integer NOT NULL, \"routed_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9d55ea17ad7de07c1bd183cadbf\" PRIMARY KEY (\"question_id\", \"user_id\"))");
    await queryRunner.query("CREATE INDEX \"question_routes_by_user\" ON \"question_routes\"  (\"user_id\", \"routed_at\") ");
    await queryRunner.query("ALTER TABLE \"notifications\" DROP CONSTRAINT \"notifications_kind_known\"");
    await queryRunner.query("ALTER TABLE \"notifications\" ADD CONSTRAINT \"notifications_kind_known\" CHECK (\"kind\" IN ('answer', 'comment', 'accepted', 'badge', 'super-user', 'promoted', 'moderation', 'integration', 'routed', 'mention', 'watched'))");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" ADD \"routing\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" ADD \"digest\" character varying(6) NOT NULL DEFAULT 'off'");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" ADD \"digest_sent_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" ADD CONSTRAINT \"notification_preferences_digest_known\" CHECK (\"digest\" IN ('off', 'daily', 'weekly'))");
    await queryRunner.query("ALTER TABLE \"escalations\" ADD CONSTRAINT \"FK_ff4a11206596b84b124ce9f6630\" FOREIGN KEY (\"question_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"escalations\" ADD CONSTRAINT \"FK_9bc55716af63d1eda1aa016eba9\" FOREIGN KEY (\"escalated_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_endpoints\" ADD CONSTRAINT \"FK_cbef6ee7bd188ec769c655fe63f\" FOREIGN KEY (\"created_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" ADD CONSTRAINT \"FK_0b882c26a9b91c26e6e86b4867c\" FOREIGN KEY (\"endpoint_id\") REFERENCES \"webhook_endpoints\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"webhook_attempts\" ADD CONSTRAINT \"FK_0d56d91d61b827bb2079c256538\" FOREIGN KEY (\"delivery_id\") REFERENCES \"webhook_deliveries\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"tag_follows\" ADD CONSTRAINT \"FK_7cdc8a4113a8277a05b01d4dc7d\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"thread_watches\" ADD CONSTRAINT \"FK_92c6c65de883a754715e03fe0d3\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"question_routes\" ADD CONSTRAINT \"FK_3ed5093daf63f15671fa8daa68b\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM \"notifications\" WHERE \"kind\" IN ('integration', 'routed', 'mention', 'watched')");
    await queryRunner.query("ALTER TABLE \"notifications\" DROP CONSTRAINT \"notifications_kind_known\"");
    await queryRunner.query("ALTER TABLE \"notifications\" ADD CONSTRAINT \"notifications_kind_known\" CHECK (\"kind\" IN ('answer', 'comment', 'accepted', 'badge', 'super-user', 'promoted', 'moderation'))");
    await queryRunner.query("ALTER TABLE \"question_routes\" DROP CONSTRAINT \"FK_3ed5093daf63f15671fa8daa68b\"");
    await queryRunner.query("ALTER TABLE \"thread_watches\" DROP CONSTRAINT \"FK_92c6c65de883a754715e03fe0d3\"");
    await queryRunner.query("ALTER TABLE \"tag_follows\" DROP CONSTRAINT \"FK_7cdc8a4113a8277a05b01d4dc7d\"");
    await queryRunner.query("ALTER TABLE \"webhook_attempts\" DROP CONSTRAINT \"FK_0d56d91d61b827bb2079c256538\"");
    await queryRunner.query("ALTER TABLE \"webhook_deliveries\" DROP CONSTRAINT \"FK_0b882c26a9b91c26e6e86b4867c\"");
    await queryRunner.query("ALTER TABLE \"webhook_endpoints\" DROP CONSTRAINT \"FK_cbef6ee7bd188ec769c655fe63f\"");
    await queryRunner.query("ALTER TABLE \"escalations\" DROP CONSTRAINT \"FK_9bc55716af63d1eda1aa016eba9\"");
    await queryRunner.query("ALTER TABLE \"escalations\" DROP CONSTRAINT \"FK_ff4a11206596b84b124ce9f6630\"");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" DROP CONSTRAINT \"notification_preferences_digest_known\"");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" DROP COLUMN \"digest_sent_at\"");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" DROP COLUMN \"digest\"");
    await queryRunner.query("ALTER TABLE \"notification_preferences\" DROP COLUMN \"routing\"");
    await queryRunner.query("DROP INDEX \"public\".\"question_routes_by_user\"");
    await queryRunner.query("DROP TABLE \"question_routes\"");
    await queryRunner.query("DROP INDEX \"public\".\"thread_watches_by_question\"");
    await queryRunner.query("DROP TABLE \"thread_watches\"");
    await queryRunner.query("DROP INDEX \"public\".\"tag_follows_by_tag\"");
    await queryRunner.query("DROP TABLE \"tag_follows\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_attempts_by_delivery\"");
    await queryRunner.query("DROP TABLE \"webhook_attempts\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_by_endpoint\"");
    await queryRunner.query("DROP TABLE \"webhook_deliveries\"");
    await queryRunner.query("DROP TABLE \"webhook_endpoints\"");
    await queryRunner.query("DROP INDEX \"public\".\"inbound_signatures_by_time\"");
    await queryRunner.query("DROP TABLE \"inbound_signatures\"");
    await queryRunner.query("DROP TABLE \"helpdesk_connector\"");
    await queryRunner.query("DROP TABLE \"escalations\"");
  }
}
