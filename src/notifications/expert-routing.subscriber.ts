import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { ThreadEvents, type PostCreated } from '../threads/threads.events.js';
import { questionPath } from '../threads/threads.presenter.js';
import { QuestionRoute } from './entities/question-route.entity.js';
import { NotificationsService } from './notifications.service.js';

const SUBSCRIBER = 'routing';
/** Candidates read per question before the opt-out and once-a-day filters. */
const CANDIDATES = 50;

/**
 * Expert routing: a new question goes to up to K members (ROUTING_EXPERTS) with the best recent
 * record in its tags, active this week, who have not opted out and were not routed a question
 * today (UTC). The choice is made under a lock, so two questions at once cannot both pick the
 * same member; a re-run job notifies the members already chosen and picks no one new.
 */
@Injectable()
export class ExpertRouting implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly transactions: TransactionRunner,
    private readonly reader: ThreadReader,
    private readonly notifications: NotificationsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<PostCreated>(ThreadEvents.postCreated, async (e) => void (await this.route(e)), SUBSCRIBER);
  }

  async route(event: PostCreated): Promise<number[]> {
    const k = this.config.integrations.routingExperts;
    if (event.type !== 'question' || k === 0) return [];
    const { question } = await this.reader.forIndexing(event.questionId);
    if (!question || question.acceptedAnswerId) return [];
    const candidates = await this.reader.expertCandidates(question.tags ?? [], question.authorId, CANDIDATES);
    const chosen = await this.transactions.inTransaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('expert-routing'))`);
      const existing: { userId: number }[] = await tx.query(`SELECT user_id AS "userId" FROM question_routes WHERE question_id = $1`, [question.id]);
      if (existing.length > 0) return existing.map((r) => r.userId);
      if (candidates.length === 0) return [];
      const eligible: { userId: number }[] = await tx.query(
        `SELECT c.id AS "userId" FROM unnest($1::int[]) WITH ORDINALITY AS c(id, rank)
         WHERE NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = c.id AND NOT p.routing)
           AND NOT EXISTS (SELECT 1 FROM question_routes r WHERE r.user_id = c.id AND r.routed_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
         ORDER BY c.rank LIMIT $2`,
        [candidates.map((c) => c.userId), k],
      );
      if (eligible.length > 0) await tx.getRepository(QuestionRoute).insert(eligible.map(({ userId }) => ({ questionId: question.id, userId })));
      return eligible.map((r) => r.userId);
    });
    for (const userId of chosen) {
      await this.notifications.notify({
        userId, kind: 'routed', sourceKey: `routed:${question.id}`, actorId: null,
        text: `A question you can answer: “${question.title}”`, url: questionPath(question),
      });
    }
    return chosen;
  }
}
