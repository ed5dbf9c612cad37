import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts: the append-only security log; confirmed and deleted accounts (a deleted member keeps
 * a row without e-mail or password, so their posts stay attributed); single-use, hashed tokens
 * for password reset and e-mail confirmation; a lookup of a member's sessions.
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

    await queryRunner.query('ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "users" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    // Accounts from before confirmation existed count as confirmed.
    await queryRunner.query('UPDATE "users" SET "email_verified_at" = "created_at" WHERE "email" IS NOT NULL');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "users_can_sign_in_or_imported"');
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_can_sign_in_or_imported" CHECK ("imported_from" IS NOT NULL OR "deleted_at" IS NOT NULL OR ("email" IS NOT NULL AND "password_hash" IS NOT NULL))`);

    await queryRunner.query(`CREATE TABLE "account_tokens" (
      "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" integer NOT NULL, "purpose" character varying(16) NOT NULL,
      "token_hash" character varying(64) NOT NULL, "email" citext, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "account_tokens_purpose_known" CHECK ("purpose" IN ('password-reset', 'email')),
      CONSTRAINT "account_tokens_pk" PRIMARY KEY ("id"))`);
    await queryRunner.query('CREATE UNIQUE INDEX "account_tokens_by_hash" ON "account_tokens" ("token_hash")');
    await queryRunner.query('CREATE INDEX "account_tokens_by_user" ON "account_tokens" ("user_id", "purpose")');
    await queryRunner.query('ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION');

    // connect-pg-simple's table (not an entity): a member's sessions, for the sessions page and sign-out everywhere.
    await queryRunner.query(`CREATE INDEX "session_by_user" ON "session" (("sess" -> 'passport' ->> 'user'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "session_by_user"');
    await queryRunner.query('DROP TABLE "account_tokens"');
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "users_can_sign_in_or_imported"');
    // Deleted members have neither address nor password: the old rule only lets imported members be so.
    await queryRunner.query(`UPDATE "users" SET "imported_from" = 'deleted account' WHERE "deleted_at" IS NOT NULL AND "imported_from" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_can_sign_in_or_imported" CHECK ("imported_from" IS NOT NULL OR ("email" IS NOT NULL AND "password_hash" IS NOT NULL))`);
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "email_verified_at"');
    await queryRunner.query('DROP TABLE "security_events"');
    await queryRunner.query('DROP FUNCTION security_events_append_only()');
  }
}
