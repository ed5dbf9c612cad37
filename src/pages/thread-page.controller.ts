import { Controller, Get, Inject, Optional, Param, ParseIntPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EscalationsService } from '../integrations/escalations.service.js';
import { IntegrationsPresenter } from '../integrations/integrations.presenter.js';
import { KnowledgePresenter } from '../knowledge/knowledge.presenter.js';
import { KnowledgeService } from '../knowledge/knowledge.service.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { readerOf } from '../common/http/reader-key.js';
import { SHOW_BODY } from '../common/views/shared-body.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { questionPath, ThreadsPresenter } from '../threads/threads.presenter.js';
import { ThreadsPolicy } from '../threads/threads.policy.js';
import { VotesPolicy } from '../votes/votes.policy.js';
import { NAME_MARKS, withMarks, type NameMarksReader } from '../users/name-marks.port.js';
import { VotesService } from '../votes/votes.service.js';
import { threadAudience, votedOn, writersOf, type ThreadReaders } from './thread-audience.js';

/** The thread page: the thread, what this reader may do with its votes, and which answers became articles. */
@ApiExcludeController()
@Controller()
export class ThreadPageController {
  constructor(
    private readonly reader: ThreadReader,
    private readonly threadsPolicy: ThreadsPolicy,
    private readonly votes: VotesService,
    private readonly votesPolicy: VotesPolicy,
    private readonly rules: ReputationRulesService,
    private readonly knowledge: KnowledgeService,
    private readonly pageCache: PageCache,
    private readonly escalations: EscalationsService,
    @Optional() @Inject(NAME_MARKS) private readonly marks?: NameMarksReader,
  ) {}

  @Get('questions/:id/:slug')
  async show(@Req() req: Request, @Res() res: Response, @Param('id', ParseIntPipe) id: number, @Param('slug') slug: string) {
    const rules = await this.rules.current();
    const audience = req.user && req.method === 'GET' ? threadAudience(req.user, rules) : undefined;
    if (audience && (await this.showShared(req, res, id, audience))) return;

    const startedAt = this.pageCache.renderBegins();
    const thread = await this.reader.thread(req.user, id);
    if (slug !== thread.question.slug) return res.redirect(301, questionPath(thread.question));
    this.reader.recordView(id, readerOf(req));

    const posts = [thread.question, ...thread.answers];
    const tags = [PageTags.thread(id), ...thread.answers.map((answer) => PageTags.answer(answer.id))];
    // Anonymous readers may get this page from the page cache, where their view still counts.
    this.pageCache.keep(res, { tags, onHit: this.viewCounterFor(id) });
    // What the page adds to the thread comes from other modules, read side by side.
    const [myVotes, articles, marks, escalation] = await Promise.all([
      req.user ? this.votes.myVotes(req.user.id, posts.map((p) => p.id)) : new Map<number, number>(),
      this.knowledge.articlesForAnswers(req.user, thread.answers.map((a) => a.id)),
      this.marks?.forUsers(posts.map((post) => post.authorId)) ?? new Map(),
      this.escalations.forQuestion(req.user, id),
    ]);
    const voting = new Map(
      posts.map((post) => [post.id, { myVote: myVotes.get(post.id) ?? 0, ...this.votesPolicy.controls(req.user, post, thread.question, rules) }]),
    );
    const origin = `${req.protocol}://${req.get('host')}`;
    const page = ThreadsPresenter.threadPage(thread, req.user, this.threadsPolicy, rules, origin, voting);
    const curator = this.knowledge.canCurate(req.user);
    const answers = page.answers.map((answer) => ({
      ...answer,
      author: withMarks(answer.author, marks),
      knowledge: KnowledgePresenter.answerMark(articles.get(answer.id), curator && !answer.removed),
    }));
    const question = { ...page.question, author: withMarks(page.question.author, marks) };
    const canEscalate = !escalation && !thread.question.acceptedAnswerId && this.escalations.canEscalate(req.user);
    const facts: ThreadReaders = { postIds: posts.map((post) => post.id), writers: writersOf(thread) };
    // A member who wrote or voted on none of it sees what everyone of their audience sees.
    const shared = audience && !votedOn(myVotes) && !facts.writers.includes(req.user!.id);
    const keepBody = shared ? this.pageCache.keepBody(audience, req, { tags, startedAt, facts }) : {};
    res.render('threads/show', { ...page, question, answers, escalation: IntegrationsPresenter.escalation(escalation), canEscalate, ...keepBody });
  }

  /** Serves the body kept for this member's audience, unless they wrote or voted on part of it since; false when there is none. */
  private async showShared(req: Request, res: Response, questionId: number, audience: string): Promise<boolean> {
    const kept = this.pageCache.sharedBody<ThreadReaders>(audience, req, res);
    const member = req.user!;
    if (!kept || kept.facts.writers.includes(member.id)) return false;
    if (votedOn(await this.votes.myVotes(member.id, [...kept.facts.postIds]))) return false;
    this.reader.recordView(questionId, readerOf(req));
    res.setHeader('X-Cache', 'shared');
    res.render('threads/show', { [SHOW_BODY]: kept.body });
    return true;
  }

  /**
   * What a cache hit of this thread still does: count the view. Made here, not inline in `show`,
   * because a closure there would share `show`'s scope and keep the whole thread alive as long as
   * the page stays cached (it ran a 160 MB heap out of memory over 30,000 threads).
   */
  private viewCounterFor(questionId: number): (hit: Request) => void {
    return (hit) => this.reader.recordView(questionId, readerOf(hit));
  }
}
