import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795455714515 implements MigrationInterface {
  name = 'Foundation1795455714515';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS citext');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"username\" citext NOT NULL, \"email\" citext NOT NULL, \"password_hash\" text NOT NULL, \"role\" character varying(16) NOT NULL DEFAULT 'member', \"reputation\" integer NOT NULL DEFAULT '1', \"suspended_until\" TIMESTAMP WITH TIME ZONE, \"suspension_reason\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_fe0bb3f6520ee0469504521e710\" UNIQUE (\"username\"), CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (\"email\"), CONSTRAINT \"users_role_known\" CHECK (\"role\" IN ('member', 'agent', 'moderator', 'admin')), CONSTRAINT \"users_reputation_floor\" CHECK (\"reputation\" >= 1), CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"api_tokens\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"name\" character varying(60) NOT NULL, \"token_hash\" character(64) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"UQ_bbd687a104e1921e6702c6e3aad\" UNIQUE (\"token_hash\"), CONSTRAINT \"PK_c587455266b5fa8dace7194caac\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_b74883f5884a42fd8496d389b2\" ON \"api_tokens\"  (\"user_id\") ");
    // express-session's store (connect-pg-simple); not an entity, so TypeORM leaves it alone.
    await queryRunner.query(
      'CREATE TABLE "session" ("sid" varchar NOT NULL PRIMARY KEY, "sess" json NOT NULL, "expire" timestamp(6) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "session_expire_idx" ON "session" ("expire")');
    // rate-limiter-flexible's PostgreSQL store, shared by every app instance.
    await queryRunner.query(
      'CREATE TABLE "rate_limits" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)',
    );
    await queryRunner.query("ALTER TABLE \"api_tokens\" ADD CONSTRAINT \"FK_b74883f5884a42fd8496d389b25\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"api_tokens\" DROP CONSTRAINT \"FK_b74883f5884a42fd8496d389b25\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b74883f5884a42fd8496d389b2\"");
    await queryRunner.query("DROP TABLE \"api_tokens\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query('DROP TABLE "session"');
    await queryRunner.query('DROP TABLE "rate_limits"');
  }
}
