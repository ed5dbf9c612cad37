import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceLevelSettings1796235568389 implements MigrationInterface {
  name = 'ServiceLevelSettings1796235568389';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"insights_service_level_settings\" (\"id\" smallint NOT NULL DEFAULT '1', \"published\" boolean NOT NULL DEFAULT false, \"figures\" character varying array NOT NULL DEFAULT '{answered-within-target,time-to-first-answer,solved,kb-helpfulness,busy-hours,history}', \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"insights_service_level_settings_single_row\" CHECK (\"id\" = 1), CONSTRAINT \"PK_ca6b6bac5c30748fef16ccaa769\" PRIMARY KEY (\"id\"))");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"insights_service_level_settings\"");
  }
}
