import { ArticlesService } from '../../../src/knowledge/articles.service.js';
import { PromotionService } from '../../../src/knowledge/promotion.service.js';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, type TestApp } from '../../support/test-app.js';

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A question with one answer by its own author, ready to promote. */
export async function answeredQuestion(t: TestApp, overrides: { title?: string; tags?: string[]; answer?: string } = {}) {
  const asker = await createUser(t);
  const answerer = await createUser(t);
  const question = await askQuestion(t, asker, { title: overrides.title, tags: overrides.tags });
  const answer = await postAnswer(t, answerer, question.id, overrides.answer);
  return { asker, answerer, question, answer };
}

/** An answer promoted by a staff member, through the owning service. */
export async function promoted(t: TestApp, staff: TestUser, overrides: Parameters<typeof answeredQuestion>[1] = {}) {
  const source = await answeredQuestion(t, overrides);
  const { article } = await t.app.get(PromotionService).promote(staff, source.answer.id);
  return { ...source, article };
}

/** A published article, through the owning services. */
export async function published(t: TestApp, staff: TestUser, overrides: Parameters<typeof answeredQuestion>[1] = {}) {
  const source = await promoted(t, staff, overrides);
  const article = await t.app.get(ArticlesService).publish(staff, source.article.id);
  return { ...source, article };
}

export function reputationOf(t: TestApp, userId: number): Promise<number> {
  return t.db.query('SELECT reputation FROM users WHERE id = $1', [userId]).then((rows: { reputation: number }[]) => rows[0]!.reputation);
}
