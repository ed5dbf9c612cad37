import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Threads1795456656875 implements MigrationInterface {
  name = 'Threads1795456656875';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"posts\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"type\" character varying(10) NOT NULL, \"parent_id\" integer, \"author_id\" integer NOT NULL, \"title\" character varying(150), \"slug\" character varying(100), \"body\" text NOT NULL, \"body_html\" text NOT NULL, \"tags\" character varying array, \"score\" integer NOT NULL DEFAULT '0', \"answer_count\" integer NOT NULL DEFAULT '0', \"comment_count\" integer NOT NULL DEFAULT '0', \"view_count\" integer NOT NULL DEFAULT '0', \"accepted_answer_id\" integer, \"accepted_by_id\" integer, \"accepted_at\" TIMESTAMP WITH TIME ZONE, \"verified_at\" TIMESTAMP WITH TIME ZONE, \"verified_by_id\" integer, \"has_verified_answer\" boolean NOT NULL DEFAULT false, \"locked_at\" TIMESTAMP WITH TIME ZONE, \"hidden_at\" TIMESTAMP WITH TIME ZONE, \"deleted_at\" TIMESTAMP WITH TIME ZONE, \"deleted_by_id\" integer, \"revision_count\" integer NOT NULL DEFAULT '1', \"edited_at\" TIMESTAMP WITH TIME ZONE, \"last_editor_id\" integer, \"last_activity_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"posts_shape\" CHECK ((\"type\" = 'question' AND \"parent_id\" IS NULL AND \"title\" IS NOT NULL) OR (\"type\" = 'answer' AND \"parent_id\" IS NOT NULL AND \"title\" IS NULL)), CONSTRAINT \"posts_type_known\" CHECK (\"type\" IN ('question', 'answer')), CONSTRAINT \"PK_2829ac61eff60fcec60d7274b9e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"posts_by_author\" ON \"posts\"  (\"author_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"posts_questions_unanswered\" ON \"posts\"  (\"created_at\", \"id\") WHERE \"type\" = 'question' AND \"deleted_at\" IS NULL AND \"hidden_at\" IS NULL AND \"answer_count\" = 0");
    await queryRunner.query("CREATE INDEX \"posts_questions_top\" ON \"posts\"  (\"score\", \"id\") WHERE \"type\" = 'question' AND \"deleted_at\" IS NULL AND \"hidden_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"posts_questions_active\" ON \"posts\"  (\"last_activity_at\", \"id\") WHERE \"type\" = 'question' AND \"deleted_at\" IS NULL AND \"hidden_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"posts_questions_newest\" ON \"posts\"  (\"created_at\", \"id\") WHERE \"type\" = 'question' AND \"deleted_at\" IS NULL AND \"hidden_at\" IS NULL");
    await queryRunner.query("CREATE INDEX \"posts_answers_of_question\" ON \"posts\"  (\"parent_id\") WHERE \"type\" = 'answer'");
    await queryRunner.query("CREATE TABLE \"post_revisions\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"post_id\" integer NOT NULL, \"number\" integer NOT NULL, \"editor_id\" integer NOT NULL, \"title\" character varying(150), \"body\" text NOT NULL, \"tags\" character varying array, \"summary\" character varying(200), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"post_revisions_number\" UNIQUE (\"post_id\", \"number\"), CONSTRAINT \"PK_871219c3d5044d70ff7d59480b8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"comments\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"post_id\" integer NOT NULL, \"author_id\" integer NOT NULL, \"body\" character varying(600) NOT NULL, \"body_html\" text NOT NULL, \"deleted_at\" TIMESTAMP WITH TIME ZONE, \"hidden_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_8bf68bc960f2b69e818bdb90dcb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"comments_of_post\" ON \"comments\"  (\"post_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"post_views\" (\"post_id\" integer NOT NULL, \"viewer_key\" character varying(64) NOT NULL, \"viewed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_09f0de1cb6d06519efab42dc00c\" PRIMARY KEY (\"post_id\", \"viewer_key\"))");
    await queryRunner.query("CREATE TABLE \"tags\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"name\" character varying(35) NOT NULL, \"question_count\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_d90243459a697eadb8ad56e9092\" UNIQUE (\"name\"), CONSTRAINT \"PK_e7dc17249a1148a1970748eda99\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"post_tags\" (\"post_id\" integer NOT NULL, \"tag_id\" integer NOT NULL, CONSTRAINT \"PK_deee54a40024b7afc16d25684f8\" PRIMARY KEY (\"post_id\", \"tag_id\"))");
    await queryRunner.query("CREATE INDEX \"post_tags_by_tag\" ON \"post_tags\"  (\"tag_id\", \"post_id\") ");
    await queryRunner.query("ALTER TABLE \"posts\" ADD CONSTRAINT \"FK_d8be760cd953c4a98137c5237a6\" FOREIGN KEY (\"parent_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"posts\" ADD CONSTRAINT \"FK_312c63be865c81b922e39c2475e\" FOREIGN KEY (\"author_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"post_revisions\" ADD CONSTRAINT \"FK_21715fae1f647ae1e4b0741346a\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"post_revisions\" ADD CONSTRAINT \"FK_d4cc016eff941f8be976ba83d2a\" FOREIGN KEY (\"editor_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"comments\" ADD CONSTRAINT \"FK_259bf9825d9d198608d1b46b0b5\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"comments\" ADD CONSTRAINT \"FK_e6d38899c31997c45d128a8973b\" FOREIGN KEY (\"author_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"post_views\" ADD CONSTRAINT \"FK_c7df0096dacc9106dabf85b75cd\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"post_tags\" ADD CONSTRAINT \"FK_5df4e8dc2cb3e668b962362265d\" FOREIGN KEY (\"post_id\") REFERENCES \"posts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"post_tags\" ADD CONSTRAINT \"FK_192ab488d1c284ac9abe2e30356\" FOREIGN KEY (\"tag_id\") REFERENCES \"tags\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"post_tags\" DROP CONSTRAINT \"FK_192ab488d1c284ac9abe2e30356\"");
    await queryRunner.query("ALTER TABLE \"post_tags\" DROP CONSTRAINT \"FK_5df4e8dc2cb3e668b962362265d\"");
    await queryRunner.query("ALTER TABLE \"post_views\" DROP CONSTRAINT \"FK_c7df0096dacc9106dabf85b75cd\"");
    await queryRunner.query("ALTER TABLE \"comments\" DROP CONSTRAINT \"FK_e6d38899c31997c45d128a8973b\"");
    await queryRunner.query("ALTER TABLE \"comments\" DROP CONSTRAINT \"FK_259bf9825d9d198608d1b46b0b5\"");
    await queryRunner.query("ALTER TABLE \"post_revisions\" DROP CONSTRAINT \"FK_d4cc016eff941f8be976ba83d2a\"");
    await queryRunner.query("ALTER TABLE \"post_revisions\" DROP CONSTRAINT \"FK_21715fae1f647ae1e4b0741346a\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP CONSTRAINT \"FK_312c63be865c81b922e39c2475e\"");
    await queryRunner.query("ALTER TABLE \"posts\" DROP CONSTRAINT \"FK_d8be760cd953c4a98137c5237a6\"");
    await queryRunner.query("DROP INDEX \"public\".\"post_tags_by_tag\"");
    await queryRunner.query("DROP TABLE \"post_tags\"");
    await queryRunner.query("DROP TABLE \"tags\"");
    await queryRunner.query("DROP TABLE \"post_views\"");
    await queryRunner.query("DROP INDEX \"public\".\"comments_of_post\"");
    await queryRunner.query("DROP TABLE \"comments\"");
    await queryRunner.query("DROP TABLE \"post_revisions\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_answers_of_question\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_questions_newest\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_questions_active\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_questions_top\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_questions_unanswered\"");
    await queryRunner.query("DROP INDEX \"public\".\"posts_by_author\"");
    await queryRunner.query("DROP TABLE \"posts\"");
  }
}
