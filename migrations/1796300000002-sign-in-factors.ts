import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in factors: the TOTP second factor (secrets sealed at rest), its single-use recovery codes
 * (hashed), the admins' sign-in settings (one row), and identities at an OpenID provider. Members
 * created through single sign-on have an e-mail address and no password.
 */
export class SignInFactors1796300000002 implements MigrationInterface {
  name = 'SignInFactors1796300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"two_factor_credentials\" (\"user_id\" integer NOT NULL, \"secret_sealed\" text NOT NULL, \"enabled_at\" TIMESTAMP WITH TIME ZONE, \"last_used_step\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_a55d08aa8d0d941c4db0b22d466\" PRIMARY KEY (\"user_id\"))");
    await queryRunner.query("CREATE TABLE \"two_factor_recovery_codes\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"code_hash\" character(64) NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_6f535a18c9fb9da8cc9b7ea70dc\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"two_factor_recovery_codes_by_user\" ON \"two_factor_recovery_codes\"  (\"user_id\", \"code_hash\") ");
    await queryRunner.query("CREATE TABLE \"sign_in_settings\" (\"id\" smallint NOT NULL DEFAULT '1', \"staff_two_factor_required\" boolean NOT NULL DEFAULT false, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"sign_in_settings_single_row\" CHECK (\"id\" = 1), CONSTRAINT \"PK_a49c056c8796b722c2c2f035255\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"external_identities\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"issuer\" character varying(500) NOT NULL, \"subject\" character varying(255) NOT NULL, \"email\" citext, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_sign_in_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_85d174f9b82602686b4b3846fc4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"external_identities_by_user\" ON \"external_identities\"  (\"user_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"external_identities_issuer_subject\" ON \"external_identities\"  (\"issuer\", \"subject\") ");
    await queryRunner.query("ALTER TABLE \"two_factor_credentials\" ADD CONSTRAINT \"FK_a55d08aa8d0d941c4db0b22d466\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"two_factor_recovery_codes\" ADD CONSTRAINT \"FK_dd306548ffdd22f617146670845\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"external_identities\" ADD CONSTRAINT \"FK_8320cffd2d6ca86003e23981668\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    // Members from single sign-on have no password (imported and deleted members have neither e-mail nor password).
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "users_can_sign_in_or_imported"');
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_can_sign_in_or_imported" CHECK ("imported_from" IS NOT NULL OR "deleted_at" IS NOT NULL OR "email" IS NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP CONSTRAINT "users_can_sign_in_or_imported"');
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_can_sign_in_or_imported" CHECK ("imported_from" IS NOT NULL OR "deleted_at" IS NOT NULL OR ("email" IS NOT NULL AND "password_hash" IS NOT NULL))`);
    await queryRunner.query('DROP TABLE "external_identities"');
    await queryRunner.query('DROP TABLE "sign_in_settings"');
    await queryRunner.query('DROP TABLE "two_factor_recovery_codes"');
    await queryRunner.query('DROP TABLE "two_factor_credentials"');
  }
}
