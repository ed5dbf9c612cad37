import { AcceptanceService } from '../../src/threads/acceptance.service.js';
import { AnswersService } from '../../src/threads/answers.service.js';
import { QuestionsService } from '../../src/threads/questions.service.js';
import type { Actor } from '../../src/users/actor.js';
import type { TestApp } from './test-app.js';

let sequence = 0;

/** A question asked through the owning service. */
export async function askQuestion(t: TestApp, author: Actor, overrides: { title?: string; body?: string; tags?: string[] } = {}) {
  sequence += 1;
  return t.app.get(QuestionsService).ask(author, {
    title: overrides.title ?? `How do I configure feature number ${sequence}?`,
    body: overrides.body ?? `I tried the settings page but nothing changes for case ${sequence}. What am I missing?`,
    tags: overrides.tags ?? ['setup'],
  });
}

export async function postAnswer(t: TestApp, author: Actor, questionId: number, body?: string) {
  sequence += 1;
  return t.app.get(AnswersService).answer(author, questionId, {
    body: body ?? `Open Settings, choose Advanced, then enable option ${sequence}; it applies at once.`,
  });
}

export async function acceptAnswer(t: TestApp, actor: Actor, answerId: number) {
  return t.app.get(AcceptanceService).accept(actor, answerId);
}
