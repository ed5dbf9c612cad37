import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BadgesJobsSubscriber } from '../badges/badges.jobs.js';
import { PrivilegeRequiredError } from '../common/errors/domain-errors.js';
import { RateLimitService } from '../common/rate-limit/rate-limit.service.js';
import { SERVICE_LEVEL_FIGURES } from '../insights/entities/service-level-settings.entity.js';
import { QuestionFactsSubscriber } from '../insights/question-facts.subscriber.js';
import { ServiceLevelSettingsService } from '../insights/service-level-settings.service.js';
import { ArticlesService } from '../knowledge/articles.service.js';
import { PromotionService } from '../knowledge/promotion.service.js';
import { FlagsService } from '../moderation/flags.service.js';
import { AcceptanceService } from '../threads/acceptance.service.js';
import { AnswersService } from '../threads/answers.service.js';
import { CommentsService } from '../threads/comments.service.js';
import type { Post } from '../threads/entities/post.entity.js';
import { QuestionsService } from '../threads/questions.service.js';
import type { User } from '../users/entities/user.entity.js';
import type { Role } from '../users/role.js';
import { UsersService } from '../users/users.service.js';
import { VotesService } from '../votes/votes.service.js';
import { DEMO_THREADS } from './demo-content.js';
import { DemoTimeline } from './demo-timeline.js';

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
  { username: 'priya', role: 'member' },
  { username: 'tomas', role: 'member' },
  { username: 'mei', role: 'member' },
  { username: 'olu', role: 'member' },
];

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** How far back the demo's history reaches (inside the super-user programme's 90-day window). */
const HISTORY_DAYS = 88;

/** A small deterministic random source, so every first start shows the same community. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A community on first run with three months of history, so every page shows what it is for. */
export function seedDemoIfEmpty(app: INestApplicationContext, logger: Logger): Promise<void> {
  return RateLimitService.exempt(() => seedDemo(app, logger));
}

async function seedDemo(app: INestApplicationContext, logger: Logger): Promise<void> {
  const users = app.get(UsersService);
  if ((await users.count()) > 0) return;
  const started = Date.now();
  const timeline = await DemoTimeline.start(app.get(DataSource));
  const now = timeline.now;
  const rand = random(21);
  /** A delay between `min` and `max`, most of them short (log-uniform). */
  const delay = (min: number, max: number) => Math.exp(Math.log(min) + rand() * (Math.log(max) - Math.log(min)));
  const before = (at: number) => Math.min(at, now.getTime() - 5 * 60_000);

  const people = new Map<string, User>();
  timeline.at(new Date(now.getTime() - (HISTORY_DAYS + 7) * DAY), 'people', async () => {
    for (const person of DEMO_PEOPLE) {
      const user = await users.register({ username: person.username, email: `${person.username}@demo.answerbase.test`, password: DEMO_PASSWORD }, person.role);
      people.set(user.username, user);
    }
  });
  const person = (username: string) => people.get(username)!;
  const current = (username: string) => users.getById(person(username).id);

  const questions = app.get(QuestionsService);
  const answers = app.get(AnswersService);
  const acceptance = app.get(AcceptanceService);
  const votes = app.get(VotesService);
  const voters = DEMO_PEOPLE.filter((p) => p.role === 'member').map((p) => p.username);
  /** An upvote, when the voter has earned the privilege by then (the demo keeps to the rules). */
  const upvote = (at: number, voter: string, type: Post['type'], post: () => Post | undefined, author: string) => {
    if (voter === author) return;
    timeline.at(new Date(before(at)), 'vote', async () => {
      const target = post();
      if (!target) return;
      try {
        await votes.cast(await current(voter), type, target.id, 1);
      } catch (error) {
        if (!(error instanceof PrivilegeRequiredError)) throw error;
      }
    });
  };

  const posted: { question?: Post; answers: (Post | undefined)[]; solvedAt?: number }[] = [];
  const count = DEMO_THREADS.length;
  DEMO_THREADS.forEach((thread, index) => {
    // The community grows: more questions lately; the newest is a couple of hours old.
    const age = 2 * HOUR + (HISTORY_DAYS * DAY - 2 * HOUR) * Math.pow(1 - index / (count - 1), 1.3);
    const askedAt = now.getTime() - age + (rand() - 0.5) * HOUR;
    const slot: (typeof posted)[number] = { answers: [] };
    posted.push(slot);
    timeline.at(new Date(askedAt), 'ask', async () => {
      slot.question = await questions.ask(person(thread.asker), { title: thread.title, body: thread.body, tags: thread.tags });
    });
    for (let n = 0; n < rand() * 3; n++) upvote(askedAt + delay(HOUR, 3 * DAY), voters[Math.floor(rand() * voters.length)]!, 'question', () => slot.question, thread.asker);
    let answeredAt = askedAt;
    thread.answers.forEach((reply, position) => {
      answeredAt = before(answeredAt + delay(15 * 60_000, 40 * HOUR));
      const at = answeredAt;
      timeline.at(new Date(at), 'answer', async () => {
        slot.answers[position] = await answers.answer(person(reply.author), slot.question!.id, { body: reply.body });
      });
      const ups = reply.accepted ? (reply.author === 'priya' ? 4 : 3) : Math.floor(rand() * 2);
      const offset = Math.floor(rand() * voters.length);
      for (let n = 0; n < ups; n++) upvote(at + delay(HOUR, 4 * DAY), voters[(offset + n) % voters.length]!, 'answer', () => slot.answers[position], reply.author);
      if (reply.accepted) {
        slot.solvedAt = before(at + delay(20 * 60_000, 2 * DAY));
        timeline.at(new Date(slot.solvedAt), 'accept', async () => {
          await acceptance.accept(person(thread.asker), slot.answers[position]!.id);
        });
      }
    });
  });

  // Support turns three solved answers into articles: two published, the newest still a draft.
  const solved = posted.map((slot, index) => ({ slot, index })).filter(({ slot }) => slot.solvedAt !== undefined);
  const promotions = [solved[0], solved[Math.floor(solved.length / 2)], solved[solved.length - 2]];
  promotions.forEach((entry, n) => {
    if (!entry) return;
    const accepted = DEMO_THREADS[entry.index]!.answers.findIndex((reply) => reply.accepted);
    timeline.at(new Date(before(entry.slot.solvedAt! + DAY)), 'promote', async () => {
      const agent = person('sam_support');
      const { article } = await app.get(PromotionService).promote(agent, entry.slot.answers[accepted]!.id);
      if (n < 2) await app.get(ArticlesService).publish(agent, article.id);
    });
  });

  // A little conversation under answers.
  const comments = app.get(CommentsService);
  [
    [3, 'ken', 'Thanks, that was it: our middleware parsed the JSON first.'],
    [12, 'ada', 'Worked for us too. Worth adding to the setup guide.'],
    [30, 'grace', 'Is there a way to do this for several macros at once?'],
  ].forEach(([index, author, body]) => {
    const slot = posted[index as number]!;
    timeline.at(new Date(before(now.getTime() - (HISTORY_DAYS * DAY * (count - (index as number))) / count + 6 * HOUR)), 'comment', async () => {
      if (slot.question) await comments.add(person(author as string), 'question', slot.question.id, { body: body as string });
    });
  });

  // A spammer shows up three days ago; members flag the spam and an off-topic question for review.
  const flags = app.get(FlagsService);
  const recent = posted[count - 6]!;
  timeline.at(new Date(now.getTime() - 3 * DAY), 'spam', async () => {
    const spammer = await users.register({ username: 'cheap_licences', email: 'cheap_licences@demo.answerbase.test', password: DEMO_PASSWORD }, 'member');
    people.set(spammer.username, spammer);
    const spam = await answers.answer(spammer, recent.question!.id, {
      body: 'Stop wasting time with support!!! Buy discounted lifetime licences for every helpdesk tool at cheap-licences.example today.',
    });
    await flags.flag(person('ada'), 'answer', spam.id, { reason: 'spam' });
    await flags.flag(person('tomas'), 'answer', spam.id, { reason: 'spam' });
  });
  const offTopic = posted[count - 4]!;
  timeline.at(new Date(now.getTime() - 20 * HOUR), 'flag', async () => {
    await flags.flag(person('barbara'), 'question', offTopic.question!.id, { reason: 'other', note: 'This is about our own sandbox setup, not the product; maybe move it to the partners forum?' });
  });

  await timeline.run();

  // What reads the whole history runs once it is dated: the insight facts of every question, the
  // badges and the super-user nominations they lead to, and the views a few months of readers left.
  // The jobs the steps published (search index, notifications, badges) run in the workers.
  const dataSource = app.get(DataSource);
  await dataSource.query(
    `UPDATE posts SET view_count = 6 + (id * 37) % 40 + 12 * greatest(score, 0) + 9 * answer_count
       + floor(extract(epoch FROM $1::timestamptz - created_at) / 86400 * 1.5)::int
     WHERE type = 'question'`,
    [now],
  );
  await app.get(BadgesJobsSubscriber).sweep();
  await timeline.settle(new Date(now.getTime() - 10 * 60_000));
  await app.get(QuestionFactsSubscriber).rebuildAll();
  // The demo company publishes its service levels, so the footer link and the page show on first start.
  await app.get(ServiceLevelSettingsService).update(people.get('admin')!, { published: true, figures: [...SERVICE_LEVEL_FIGURES] });
  logger.info(
    `Demo community created in ${((Date.now() - started) / 1000).toFixed(1)} s: sign in as admin, morgan_mod, sam_support or ada with the password "${DEMO_PASSWORD}".`,
  );
}
