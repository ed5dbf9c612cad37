import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { AcceptanceService } from '../threads/acceptance.service.js';
import { AnswersService } from '../threads/answers.service.js';
import { QuestionsService } from '../threads/questions.service.js';
import { UsersService } from '../users/users.service.js';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import type { User } from '../users/entities/user.entity.js';
import { DEMO_THREADS } from './demo-content.js';
import { ArticlesService } from '../knowledge/articles.service.js';
import { PromotionService } from '../knowledge/promotion.service.js';
import { VotesService } from '../votes/votes.service.js';
import type { Post } from '../threads/entities/post.entity.js';
import type { Role } from '../users/role.js';

/** Everyone in the demo signs in with this password (it is printed at start, never used in production). */
export const DEMO_PASSWORD = 'answerbase-demo';

const DEMO_PEOPLE: { username: string; role: Role }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'morgan_mod', role: 'moderator' },
  { username: 'sam_support', role: 'agent' },
  { username: 'ada', role: 'member' },
  { username: 'linus', role: 'member' },
  { username: 'grace', role: 'member' },
  { username: 'ken', role: 'member' },
  { username: 'barbara', role: 'member' },
];

/** A small community on first run, so a newcomer sees the product working. */
export function seedDemoIfEmpty(app: INestApplicationContext, logger: Logger): Promise<void> {
  return RateLimitService.exempt(() => seedDemo(app, logger));
}

async function seedDemo(app: INestApplicationContext, logger: Logger): Promise<void> {
  const users = app.get(UsersService);
  if ((await users.count()) > 0) return;
  const people = new Map<string, User>();
  for (const person of DEMO_PEOPLE) {
    const user = await users.register({ username: person.username, email: `${person.username}@demo.answerbase.test`, password: DEMO_PASSWORD }, person.role);
    people.set(user.username, user);
  }
  const questions = app.get(QuestionsService);
  const answers = app.get(AnswersService);
  const acceptance = app.get(AcceptanceService);
  const posted: { question: Post; answers: Post[] }[] = [];
  for (const thread of DEMO_THREADS) {
    const asker = people.get(thread.asker)!;
    const question = await questions.ask(asker, { title: thread.title, body: thread.body, tags: thread.tags });
    const replies: Post[] = [];
    for (const reply of thread.answers) {
      const answer = await answers.answer(people.get(reply.author)!, question.id, { body: reply.body });
      replies.push(answer);
      if (reply.accepted) await acceptance.accept(asker, answer.id);
    }
    posted.push({ question, answers: replies });
  }
  // Support promotes the first solved answer into a published knowledge-base article.
  const firstSolved = posted.find(({ answers: replies }, index) => replies.length && DEMO_THREADS[index]!.answers[0]?.accepted);
  if (firstSolved) {
    const agent = people.get('sam_support')!;
    const { article } = await app.get(PromotionService).promote(agent, firstSolved.answers[0]!.id);
    await app.get(ArticlesService).publish(agent, article.id);
  }
  // Acceptance has given the helpful members the upvote privilege; they vote on what helped.
  const votes = app.get(VotesService);
  for (const [index, { question, answers: replies }] of posted.entries()) {
    for (const voter of people.values()) {
      const current = await users.getById(voter.id);
      if (current.reputation < 15) continue;
      if (question.authorId !== voter.id && index % 2 === 0) await votes.cast(current, 'question', question.id, 1);
      const first = replies[0];
      if (first && first.authorId !== voter.id) await votes.cast(current, 'answer', first.id, 1);
    }
  }
  logger.info(`Demo community created: sign in as admin, morgan_mod, sam_support or ada with the password "${DEMO_PASSWORD}".`);
}
