// The ceiling: a minimal NestJS + Express + Handlebars app that renders a constant thread page of
// the same size through the same layout, with no database. Page figures are reported against it.
import 'reflect-metadata';
import { Controller, Get, Module, Render } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { AssetManifest } from '../src/common/views/assets.js';
import { configureViews } from '../src/common/views/view-engine.js';
import { DEFAULT_RULES } from '../src/reputation/reputation.rules.js';
import type { Post } from '../src/threads/entities/post.entity.js';
import { ThreadsPresenter } from '../src/threads/threads.presenter.js';
import { ThreadsPolicy } from '../src/threads/threads.policy.js';

const ANSWERS = Number(process.env.CEILING_ANSWERS ?? 4);
const now = new Date();
const author = { id: 1, username: 'ceiling_user', reputation: 1234, role: 'member' } as never;
const post = (id: number, fields: Partial<Post>): Post =>
  ({
    id, type: 'answer', parentId: 1, authorId: 1, author, title: null, slug: null,
    body: 'Try turning off sync first, then restart the router. That fixed it for us.',
    bodyHtml: '<p>Try turning off sync first, then restart the router. That fixed it for us.</p>',
    tags: null, score: 3, answerCount: 0, commentCount: 1, viewCount: 100, acceptedAnswerId: null, acceptedById: null,
    acceptedAt: null, verifiedAt: null, verifiedById: null, hasVerifiedAnswer: false, lockedAt: null, hiddenAt: null,
    deletedAt: null, deletedById: null, revisionCount: 1, editedAt: null, lastEditorId: null, lastActivityAt: now, createdAt: now,
    ...fields,
  }) as Post;
const question = post(1, {
  type: 'question', parentId: null, title: 'Router sync not working after firmware update #1', slug: 'router-sync-not-working-after-firmware-update-1',
  body: 'When I try to sync the router it fails with a timeout message. What should I check first?',
  bodyHtml: '<p>When I try to sync the router it fails with a timeout message. What should I check first?</p>',
  tags: ['topic-1', 'topic-7'], answerCount: ANSWERS, acceptedAnswerId: 2,
});
const answers = Array.from({ length: ANSWERS }, (_, i) => post(i + 2, {}));
const comment = { id: 1, postId: 1, authorId: 1, author, body: 'Thanks, that helped.', bodyHtml: 'Thanks, that helped.', createdAt: now, deletedAt: null, hiddenAt: null } as never;
const model = ThreadsPresenter.threadPage(
  { question, answers, commentsByPost: new Map([[1, [comment]], ...answers.map((a) => [a.id, [comment]] as [number, never[]])]) },
  undefined,
  new ThreadsPolicy(),
  DEFAULT_RULES,
  'http://localhost',
  new Map(),
);

@Controller()
class CeilingController {
  @Get('questions/1/:slug')
  @Render('threads/show')
  thread() {
    return model;
  }
}

@Module({ controllers: [CeilingController] })
class CeilingModule {}

const app = await NestFactory.create<NestExpressApplication>(CeilingModule, { logger: false });
configureViews(app, PROJECT_ROOT, new AssetManifest(join(PROJECT_ROOT, 'public')));
app.set('view cache', true);
await app.listen(Number(process.env.PORT ?? 3901), '127.0.0.1');
process.send?.('ready');
