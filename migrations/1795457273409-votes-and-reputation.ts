import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VotesAndReputation1795457273409 implements MigrationInterface {
  name = 'VotesAndReputation1795457273409';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"reputation_entries\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"user_id\" integer NOT NULL, \"amount\" integer NOT NULL, \"requested\" integer NOT NULL, \"reason\" character varying(32) NOT NULL, \"post_id\" integer, \"vote_id\" integer, \"actor_id\" integer, \"capped\" boolean NOT NULL DEFAULT false, \"reversal_of_id\" integer, \"reversed\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5eb5864c416e7b22a7f47f66cac\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"reputation_entries_by_time\" ON \"reputation_entries\"  (\"created_at\") ");
    await queryRunner.query("CREATE INDEX \"reputation_entries_open_by_post\" ON \"reputation_entries\"  (\"post_id\") WHERE NOT \"reversed\" AND \"post_id\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"reputation_entries_open_by_vote\" ON \"reputation_entries\"  (\"vote_id\") WHERE NOT \"reversed\" AND \"vote_id\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"reputation_entries_capped\" ON \"reputation_entries\"  (\"user_id\", \"created_at\") WHERE \"capped\"");
    await queryRunner.query("CREATE INDEX \"reputation_entries_by_user\" ON \"reputation_entries\"  (\"user_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"reputation_settings\" (\"name\" character varying(40) NOT NULL, \"value\" integer NOT NULL, CONSTRAINT \"PK_9b023d88f4934cf60fa42511c8d\" PRIMARY KEY (\"name\"))");
    await queryRunner.query("CREATE TABLE \"votes\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"post_id\" integer NOT NULL, \"voter_id\" integer NOT NULL, \"value\" smallint NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"votes_one_per_member_and_post\" UNIQUE (\"voter_id\", \"post_id\"), CONSTRAINT \"PK_f3d9fd4a0af865152c3f59db8ff\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"votes_by_post\" ON \"votes\"  (\"post_id\") ");
    await queryRunner.query("ALTER TABLE \"votes\" ADD CONSTRAINT \"FK_18499a5b9b4cf71093f7b7f79f8\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"votes\" ADD CONSTRAINT \"FK_907ed58b724f8debe4200e51af3\" FOREIGN KEY (\"voter_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"votes\" DROP CONSTRAINT \"FK_907ed58b724f8debe4200e51af3\"");
    await queryRunner.query("ALTER TABLE \"votes\" DROP CONSTRAINT \"FK_18499a5b9b4cf71093f7b7f79f8\"");
    await queryRunner.query("DROP INDEX \"public\".\"votes_by_post\"");
    await queryRunner.query("DROP TABLE \"votes\"");
    await queryRunner.query("DROP TABLE \"reputation_settings\"");
    await queryRunner.query("DROP INDEX \"public\".\"reputation_entries_by_user\"");
    await queryRunner.query("DROP INDEX \"public\".\"reputation_entries_capped\"");
    await queryRunner.query("DROP INDEX \"public\".\"reputation_entries_open_by_vote\"");
    await queryRunner.query("DROP INDEX \"public\".\"reputation_entries_open_by_post\"");
    await queryRunner.query("DROP INDEX \"public\".\"reputation_entries_by_time\"");
    await queryRunner.query("DROP TABLE \"reputation_entries\"");
  }
}
