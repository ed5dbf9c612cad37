import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../auth/access.decorators.js';
import { pageRequest } from '../common/http/pagination.js';
import { ArticlesService } from './articles.service.js';
import { FeedbackDto, ListArticlesDto, PatchArticleDto } from './dto/article.dtos.js';
import { FeedbackService } from './feedback.service.js';
import { KnowledgePresenter } from './knowledge.presenter.js';
import { KnowledgeService } from './knowledge.service.js';
import { PromotionService } from './promotion.service.js';

const reader = (req: Request) => ({ address: req.ip, agent: req.get('user-agent') });

@ApiTags('knowledge base')
@ApiBearerAuth()
@Controller('api/v1')
export class KnowledgeApiController {
  constructor(
    private readonly knowledge: KnowledgeService,
    private readonly promotion: PromotionService,
    private readonly articles: ArticlesService,
    private readonly feedback: FeedbackService,
  ) {}

  /** 201 with the new draft; 200 with the existing article when the answer already is one. */
  @Post('answers/:id/promote')
  @Roles('agent', 'moderator')
  async promote(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('id', ParseIntPipe) id: number) {
    const { article, created } = await this.promotion.promote(req.user!, id);
    res.status(created ? 201 : 200);
    return { articleId: article.id, slug: article.slug, created };
  }

  @Get('articles')
  async list(@Req() req: Request, @Query() query: ListArticlesDto) {
    const slice = await this.knowledge.list({ category: query.category, tag: query.tag }, pageRequest(query.page, 30));
    return KnowledgePresenter.list(slice, this.knowledge.canCurate(req.user));
  }

  @Get('articles/:id')
  async show(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return KnowledgePresenter.apiArticle(await this.knowledge.byId(req.user, id), this.knowledge.canCurate(req.user));
  }

  @Patch('articles/:id')
  @Roles('agent', 'moderator')
  async edit(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: PatchArticleDto) {
    return KnowledgePresenter.apiArticle(await this.articles.edit(req.user!, id, input), true);
  }

  @Post('articles/:id/publish')
  @Roles('agent', 'moderator')
  @HttpCode(200)
  async publish(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return KnowledgePresenter.apiArticle(await this.articles.publish(req.user!, id), true);
  }

  @Post('articles/:id/unpublish')
  @Roles('agent', 'moderator')
  @HttpCode(200)
  async unpublish(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return KnowledgePresenter.apiArticle(await this.articles.unpublish(req.user!, id), true);
  }

  @Post('articles/:id/reviewed')
  @Roles('agent', 'moderator')
  @HttpCode(200)
  async markReviewed(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return KnowledgePresenter.apiArticle(await this.articles.markReviewed(req.user!, id), true);
  }

  /** Anyone may rate a published article, once, and change their mind. */
  @Post('articles/:id/feedback')
  @HttpCode(200)
  async rate(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: FeedbackDto) {
    const article = await this.feedback.rate(req.user, reader(req), id, input.helpful);
    return { articleId: article.id, helpful: input.helpful };
  }

  @Get('articles/:id/versions')
  async versions(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return KnowledgePresenter.versions((await this.knowledge.history(req.user, id)).versions);
  }

  @Get('kb/review')
  @Roles('agent', 'moderator')
  async review(@Req() req: Request) {
    return KnowledgePresenter.reviewQueue(await this.knowledge.reviewQueue(req.user!));
  }
}
