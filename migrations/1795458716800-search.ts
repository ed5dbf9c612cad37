import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Search1795458716800 implements MigrationInterface {
  name = 'Search1795458716800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"search_documents\" (\"id\" character varying(32) NOT NULL, \"kind\" character varying(10) NOT NULL, \"title\" text NOT NULL, \"body\" text NOT NULL, \"answers\" text NOT NULL, \"tags\" character varying array NOT NULL, \"solved\" boolean NOT NULL, \"score\" integer NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"url\" text NOT NULL, \"tsv\" tsvector NOT NULL, \"indexed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_bc42b02dc01b44241830f638cf6\" PRIMARY KEY (\"id\"))");
    // GIN indexes TypeORM cannot declare: weighted full text, and trigrams for misspelt titles.
    await queryRunner.query('CREATE INDEX "search_documents_tsv" ON "search_documents" USING GIN ("tsv")');
    await queryRunner.query('CREATE INDEX "search_documents_title_trgm" ON "search_documents" USING GIN ("title" gin_trgm_ops)');
    await queryRunner.query("CREATE INDEX \"search_documents_kind\" ON \"search_documents\"  (\"kind\") ");
    await queryRunner.query("CREATE TABLE \"search_queries\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"text\" character varying(200) NOT NULL, \"source\" character varying(10) NOT NULL, \"result_count\" integer NOT NULL, \"user_id\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2945172d2d9a9f6b2339dd036e7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"search_queries_by_time\" ON \"search_queries\"  (\"created_at\") ");
    await queryRunner.query("CREATE TABLE \"search_clicks\" (\"id\" integer GENERATED ALWAYS AS IDENTITY NOT NULL, \"query_id\" integer, \"document_id\" character varying(32) NOT NULL, \"source\" character varying(10) NOT NULL, \"user_id\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_93b47d43bd22156a7208dcc8a3b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"search_clicks_by_query\" ON \"search_clicks\"  (\"query_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"search_clicks_by_query\"");
    await queryRunner.query("DROP TABLE \"search_clicks\"");
    await queryRunner.query("DROP INDEX \"public\".\"search_queries_by_time\"");
    await queryRunner.query("DROP TABLE \"search_queries\"");
    await queryRunner.query("DROP INDEX \"public\".\"search_documents_kind\"");
    await queryRunner.query("DROP TABLE \"search_documents\"");
  }
}
