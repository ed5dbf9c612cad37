import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: the append-only security log.
 */
export class Accounts1796300000001 implements MigrationInterface {
  name = 'Accounts1796300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "security_events" (
      "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "kind" character varying(40) NOT NULL,
      "user_id" integer, "actor_id" integer, "ip" character varying(64), "user_agent" character varying(300), "detail" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "security_events_pk" PRIMARY KEY ("id"))`);
    await queryRunner.query('CREATE INDEX "security_events_by_time" ON "security_events" ("created_at")');
    await queryRunner.query('CREATE INDEX "security_events_by_user" ON "security_events" ("user_id", "created_at")');
    await queryRunner.query('CREATE INDEX "security_events_by_kind" ON "security_events" ("kind", "created_at")');
    await queryRunner.query('ALTER TABLE "security_events" ADD CONSTRAINT "security_events_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION');
    await queryRunner.query('ALTER TABLE "security_events" ADD CONSTRAINT "security_events_actor_fk" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION');
    // Append-only: no delete, no truncate; an update may only blank the personal fields (erasure).
    await queryRunner.query(`CREATE FUNCTION security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
          AND NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.created_at = OLD.created_at
          AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
          AND (NEW.ip IS NULL OR NEW.ip = OLD.ip)
          AND (NEW.user_agent IS NULL OR NEW.user_agent = OLD.user_agent)
          AND (NEW.detail IS NULL OR NEW.detail = OLD.detail)
        THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'the security log cannot be changed' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query('CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON "security_events" FOR EACH ROW EXECUTE FUNCTION security_events_append_only()');
    await queryRunner.query('CREATE TRIGGER security_events_no_truncate BEFORE TRUNCATE ON "security_events" FOR EACH STATEMENT EXECUTE FUNCTION security_events_append_only()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "security_events"');
    await queryRunner.query('DROP FUNCTION security_events_append_only()');
  }
}
