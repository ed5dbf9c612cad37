import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadRouting } from '../database/read-routing.js';
import { KnowledgeModule } from '../knowledge/knowledge.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { announcingChanges } from './announced-changes.js';
import { ArticleIndexer } from './article-indexer.js';
import { SearchDocumentRow } from './entities/search-document.entity.js';
import { SearchClick, SearchQueryLog } from './entities/search-log.entity.js';
import { MeilisearchIndex } from './meilisearch.index.js';
import { PostgresSearchIndex } from './postgres-search.index.js';
import { SEARCH_INDEX, type SearchIndex } from './search-index.port.js';
import { SearchIndexer } from './search-indexer.js';
import { SearchLog } from './search-log.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

/** MEILI_HOST set → Meilisearch; unset → PostgreSQL full-text. Nothing imports this module. */
@Module({
  imports: [ThreadsModule, KnowledgeModule, TypeOrmModule.forFeature([SearchDocumentRow, SearchQueryLog, SearchClick])],
  controllers: [SearchController],
  providers: [
    {
      provide: SEARCH_INDEX,
      inject: [APP_CONFIG, DataSource, ReadRouting, ClusterEvents],
      useFactory: async (config: AppConfig, dataSource: DataSource, reads: ReadRouting, cluster: ClusterEvents): Promise<SearchIndex> => {
        const index = config.meili
          ? new MeilisearchIndex(config.meili.host, config.meili.apiKey)
          : new PostgresSearchIndex(dataSource, () => reads.dataSource());
        await index.prepare().catch(() => undefined); // a down engine must not stop the app; indexing jobs retry
        return announcingChanges(index, cluster);
      },
    },
    SearchService,
    SearchLog,
    Clock,
    SearchIndexer,
    ArticleIndexer,
  ],
  exports: [SEARCH_INDEX, SearchIndexer],
})
export class SearchModule {}
