import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, PublicForm, Roles } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { pageLinksFor, pageRequest } from '../common/http/pagination.js';
import { CachedPage } from '../page-cache/cached-page.decorator.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ArticlesService } from './articles.service.js';
import { EditArticleDto, FeedbackFormDto, ListArticlesDto } from './dto/article.dtos.js';
import { FeedbackService } from './feedback.service.js';
import { KnowledgePresenter, articlePath } from './knowledge.presenter.js';
import { KnowledgeService } from './knowledge.service.js';
import { PromotionService } from './promotion.service.js';

const reader = (req: Request) => ({ address: req.ip, agent: req.get('user-agent') });

/** The knowledge base as pages: browse, read, rate; and the agents' promote, edit, publish and review. */
@ApiExcludeController()
@Controller()
export class KnowledgePagesController {
  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly promotion: PromotionService,
    private readonly articles: ArticlesService,
    private readonly feedback: FeedbackService,
  ) {}

  @Get('kb')
  @CachedPage([PageTags.knowledge])
  @Render('knowledge/index')
  async index(@Req() req: Request, @Query() query: ListArticlesDto) {
    const filter = { category: query.category, tag: query.tag };
    const [slice, facets] = await Promise.all([this.knowledge.list(filter, pageRequest(query.page, 20)), this.knowledge.facets()]);
    const heading = query.category ? `Knowledge base: ${query.category}` : query.tag ? `Knowledge base: articles tagged ${query.tag}` : 'Knowledge base';
    return {
      title: heading,
      heading,
      filtered: !!(query.category || query.tag),
      articles: KnowledgePresenter.list(slice, this.knowledge.canCurate(req.user)).items,
      ...KnowledgePresenter.facets(facets, filter),
      curator: this.knowledge.canCurate(req.user),
      pages: pageLinksFor(slice.page, slice.hasNext, '/kb', filter),
    };
  }

  @Get('kb/review')
  @Roles('agent', 'moderator')
  @Render('knowledge/review')
  async review(@Req() req: Request) {
    return { title: 'Knowledge queue', ...KnowledgePresenter.reviewQueue(await this.knowledge.reviewQueue(req.user!)) };
  }

  @Post('answers/:id/promote')
  @Roles('agent', 'moderator')
  @Redirect()
  async promote(@Req() req: Request, @Param('id', ParseIntPipe) answerId: number) {
    const { article, created } = await this.promotion.promote(req.user!, answerId);
    flash(req, created ? 'success' : 'info', created ? 'A draft article was created from the answer. Edit it, then publish it.' : 'This answer is already an article: here it is.');
    return { url: articlePath(article) };
  }

  @Get('kb/:slug')
  @PublicForm()
  @Render('knowledge/article')
  async show(@Req() req: Request, @Param('slug') slug: string) {
    return KnowledgePresenter.articlePage(await this.knowledge.page(req.user, reader(req), slug), this.knowledge.canCurate(req.user));
  }

  @Get('kb/articles/:id/history')
  @Render('knowledge/history')
  async history(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const { article, versions } = await this.knowledge.history(req.user, id);
    return { title: `History of “${article.title}”`, backUrl: articlePath(article), versions: KnowledgePresenter.versions(versions) };
  }

  @Get('kb/articles/:id/edit')
  @Roles('agent', 'moderator')
  @FormView('knowledge/edit')
  @Render('knowledge/edit')
  async editPage(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const article = await this.knowledge.byId(req.user, id);
    return { title: `Edit: ${article.title}`, backUrl: articlePath(article), values: KnowledgePresenter.formValues(article) };
  }

  @Post('kb/articles/:id/edit')
  @Roles('agent', 'moderator')
  @FormView('knowledge/edit')
  @Redirect()
  async edit(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: EditArticleDto) {
    const article = await this.articles.edit(req.user!, id, input);
    flash(req, 'success', 'The article is saved as a new version.');
    return { url: articlePath(article) };
  }

  @Post('kb/articles/:id/publish')
  @Roles('agent', 'moderator')
  @Redirect()
  async publish(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const article = await this.articles.publish(req.user!, id);
    flash(req, 'success', 'The article is published: everyone can read it now.');
    return { url: articlePath(article) };
  }

  @Post('kb/articles/:id/unpublish')
  @Roles('agent', 'moderator')
  @Redirect()
  async unpublish(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const article = await this.articles.unpublish(req.user!, id);
    flash(req, 'info', 'The article is a draft again: only support staff can see it.');
    return { url: articlePath(article) };
  }

  @Post('kb/articles/:id/reviewed')
  @Roles('agent', 'moderator')
  @Redirect('/kb/review')
  async markReviewed(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.articles.markReviewed(req.user!, id);
    flash(req, 'success', 'Marked as reviewed.');
  }

  @Post('kb/articles/:id/feedback')
  @Redirect()
  async rate(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: FeedbackFormDto) {
    const article = await this.feedback.rate(req.user, reader(req), id, input.helpful === 'yes');
    flash(req, 'success', 'Thanks for your feedback.');
    return { url: `${articlePath(article)}#feedback` };
  }
}
