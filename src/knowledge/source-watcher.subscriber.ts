import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadEvents, type AnswerEdited } from '../threads/threads.events.js';
import { Article } from './entities/article.entity.js';

/**
 * Keeps provenance true: when a promoted answer gets a revision past the one its article was
 * last reviewed against, the article is marked "source changed". Idempotent, and a job that
 * arrives after the review (for a revision already reviewed) changes nothing.
 */
@Injectable()
export class SourceWatcher implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    @InjectRepository(Article) private readonly articles: Repository<Article>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.subscribe<AnswerEdited>(ThreadEvents.answerEdited, (edit) => this.answerEdited(edit), 'knowledge');
  }

  async answerEdited(edit: AnswerEdited): Promise<void> {
    await this.articles.query(
      `UPDATE kb_articles SET source_changed_at = COALESCE(source_changed_at, now())
       WHERE source_answer_id = $1 AND reviewed_revision < $2`,
      [edit.answerId, edit.revision],
    );
  }
}
