import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { ThreadEvents, type ThreadChanged } from '../threads/threads.events.js';
import { VoteEvents, type VotesChanged } from '../votes/votes.events.js';
import { answerDocumentId, questionDocumentId, threadDocuments } from './search-documents.js';
import { ArticleIndexer } from './article-indexer.js';
import { SEARCH_INDEX, type SearchDocument, type SearchIndex } from './search-index.port.js';

const REBUILD_BATCH = 200;
const SUBSCRIBER = 'search';

/**
 * Keeps the index in step with threads. Each job re-reads the thread as it is now, so jobs are
 * idempotent and order does not matter; a failing engine makes the job retry, nothing is lost.
 */
@Injectable()
export class SearchIndexer implements OnModuleInit {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly reader: ThreadReader,
    private readonly jobs: JobQueue,
    private readonly articles: ArticleIndexer,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<ThreadChanged>(ThreadEvents.changed, ({ questionId }) => this.reindexThread(questionId), undefined, {
      coalesceBy: ({ questionId }) => String(questionId),
    });
    // A vote changes one post's score and nothing else the index holds: scores in one batched update.
    await this.jobs.subscribeBatch<VotesChanged>(VoteEvents.changed, (batches) => this.updateScores(batches.flatMap((batch) => batch.postIds)), SUBSCRIBER);
  }

  async updateScores(postIds: number[]): Promise<void> {
    const posts = await this.reader.visibleScores([...new Set(postIds)]);
    await this.index.updateScores(posts.map((post) => ({ id: post.type === 'question' ? questionDocumentId(post.id) : answerDocumentId(post.id), score: post.score })));
  }

  async reindexThread(questionId: number): Promise<void> {
    const { question, answers, allAnswerIds } = await this.reader.forIndexing(questionId);
    const documents = question ? threadDocuments(question, answers) : [];
    const keep = new Set(documents.map((doc) => doc.id));
    const stale = [questionDocumentId(questionId), ...allAnswerIds.map(answerDocumentId)].filter((id) => !keep.has(id));
    await this.index.upsert(documents);
    await this.index.remove(stale);
  }

  /** `search:reindex`: every visible thread, in batches, without an empty index at any moment. */
  async rebuild(onProgress?: (questionsDone: number) => void): Promise<void> {
    await this.index.prepare();
    await this.index.rebuild(this.allDocuments(onProgress));
  }

  private async *allDocuments(onProgress?: (questionsDone: number) => void): AsyncIterable<SearchDocument[]> {
    let done = 0;
    let after = 0;
    for (;;) {
      const ids = await this.reader.visibleQuestionIds(after, REBUILD_BATCH);
      if (ids.length === 0) break;
      const batch: SearchDocument[] = [];
      for (const id of ids) {
        const { question, answers } = await this.reader.forIndexing(id);
        if (question) batch.push(...threadDocuments(question, answers));
      }
      yield batch;
      done += ids.length;
      onProgress?.(done);
      after = ids[ids.length - 1]!;
    }
    yield* this.articles.allDocuments();
  }

  async visibleQuestionCount(): Promise<number> {
    let count = 0;
    for (let after = 0; ; ) {
      const ids = await this.reader.visibleQuestionIds(after, 10_000);
      if (ids.length === 0) return count;
      count += ids.length;
      after = ids[ids.length - 1]!;
    }
  }
}
