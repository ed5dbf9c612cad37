import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Knowledge1795459027023 implements MigrationInterface {
  name = 'Knowledge1795459027023';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"kb_articles\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"slug\" character varying(100) NOT NULL, \"status\" character varying(10) NOT NULL DEFAULT 'draft', \"title\" character varying(150) NOT NULL, \"summary\" character varying(300), \"body\" text NOT NULL, \"body_html\" text NOT NULL, \"category\" character varying(35) NOT NULL, \"tags\" character varying array NOT NULL DEFAULT '{}', \"author_id\" integer NOT NULL, \"promoted_by_id\" integer NOT NULL, \"source_question_id\" integer NOT NULL, \"source_answer_id\" integer NOT NULL, \"source_revision\" integer NOT NULL, \"reviewed_revision\" integer NOT NULL, \"source_changed_at\" TIMESTAMP WITH TIME ZONE, \"version_count\" integer NOT NULL DEFAULT '1', \"helpful_yes\" integer NOT NULL DEFAULT '0', \"helpful_no\" integer NOT NULL DEFAULT '0', \"published_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_6c048f402eb6814c8c10b6da0bf\" UNIQUE (\"slug\"), CONSTRAINT \"UQ_1d7c5160b62d8a262a67ea74400\" UNIQUE (\"source_answer_id\"), CONSTRAINT \"kb_articles_status_known\" CHECK (\"status\" IN ('draft', 'published')), CONSTRAINT \"PK_ffb01b096d72350aa97d1d0cb14\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"kb_articles_published_by_category\" ON \"kb_articles\"  (\"category\") WHERE \"status\" = 'published'");
    await queryRunner.query("CREATE TABLE \"kb_article_versions\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"article_id\" integer NOT NULL, \"number\" integer NOT NULL, \"editor_id\" integer NOT NULL, \"title\" character varying(150) NOT NULL, \"summary\" character varying(300), \"body\" text NOT NULL, \"category\" character varying(35) NOT NULL, \"tags\" character varying array NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"kb_article_versions_number\" UNIQUE (\"article_id\", \"number\"), CONSTRAINT \"PK_1adadce034403a3ba3e6443a217\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"kb_article_feedback\" (\"article_id\" integer NOT NULL, \"reader_key\" character varying(64) NOT NULL, \"helpful\" boolean NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_b0ac73c73bd6c34fde6a339be7d\" PRIMARY KEY (\"article_id\", \"reader_key\"))");
    await queryRunner.query("ALTER TABLE \"kb_articles\" ADD CONSTRAINT \"FK_6efbd43677d17a820710ce921d2\" FOREIGN KEY (\"author_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"kb_articles\" ADD CONSTRAINT \"FK_d7f34def7201a31c31e28e01da4\" FOREIGN KEY (\"promoted_by_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"kb_articles\" ADD CONSTRAINT \"FK_84a8fb4fd7bafe9a6d8a98da672\" FOREIGN KEY (\"source_question_id\") REFERENCES \"posts\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"kb_articles\" ADD CONSTRAINT \"FK_1d7c5160b62d8a262a67ea74400\" FOREIGN KEY (\"source_answer_id\") REFERENCES \"posts\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"kb_article_versions\" ADD CONSTRAINT \"FK_0f99c336ba154a89d5f46a506d9\" FOREIGN KEY (\"article_id\") REFERENCES \"kb_articles\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"kb_article_versions\" ADD CONSTRAINT \"FK_222121aca3c7df39457a1ef2b46\" FOREIGN KEY (\"editor_id\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"kb_article_feedback\" ADD CONSTRAINT \"FK_4ad671b806f4fb17cf1776f799c\" FOREIGN KEY (\"article_id\") REFERENCES \"kb_articles\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"kb_article_feedback\" DROP CONSTRAINT \"FK_4ad671b806f4fb17cf1776f799c\"");
    await queryRunner.query("ALTER TABLE \"kb_article_versions\" DROP CONSTRAINT \"FK_222121aca3c7df39457a1ef2b46\"");
    await queryRunner.query("ALTER TABLE \"kb_article_versions\" DROP CONSTRAINT \"FK_0f99c336ba154a89d5f46a506d9\"");
    await queryRunner.query("ALTER TABLE \"kb_articles\" DROP CONSTRAINT \"FK_1d7c5160b62d8a262a67ea74400\"");
    await queryRunner.query("ALTER TABLE \"kb_articles\" DROP CONSTRAINT \"FK_84a8fb4fd7bafe9a6d8a98da672\"");
    await queryRunner.query("ALTER TABLE \"kb_articles\" DROP CONSTRAINT \"FK_d7f34def7201a31c31e28e01da4\"");
    await queryRunner.query("ALTER TABLE \"kb_articles\" DROP CONSTRAINT \"FK_6efbd43677d17a820710ce921d2\"");
    await queryRunner.query("DROP TABLE \"kb_article_feedback\"");
    await queryRunner.query("DROP TABLE \"kb_article_versions\"");
    await queryRunner.query("DROP INDEX \"public\".\"kb_articles_published_by_category\"");
    await queryRunner.query("DROP TABLE \"kb_articles\"");
  }
}
