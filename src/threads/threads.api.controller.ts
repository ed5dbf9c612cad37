import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { positionFrom } from '../common/http/keyset.js';
import { PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { AcceptanceService } from './acceptance.service.js';
import { AnswersService } from './answers.service.js';
import { CommentsService } from './comments.service.js';
import { AskQuestionDto, CommentDto, EditAnswerDto, ListQuestionsDto, PatchQuestionDto, PostAnswerDto } from './dto/thread.dtos.js';
import { QuestionsService } from './questions.service.js';
import { TagsService } from './tags.service.js';
import { QuestionLists } from './question-lists.service.js';
import { ThreadReader } from './thread-reader.service.js';
import { ThreadsPresenter } from './threads.presenter.js';

@ApiTags('questions and answers')
@ApiBearerAuth()
@Controller('api/v1')
export class ThreadsApiController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly answers: AnswersService,
    private readonly comments: CommentsService,
    private readonly acceptance: AcceptanceService,
    private readonly reader: ThreadReader,
    private readonly lists: QuestionLists,
    private readonly tags: TagsService,
  ) {}

  @Get('questions')
  async list(@Query() query: ListQuestionsDto) {
    const solved = query.solved === undefined ? undefined : query.solved === 'yes' || query.solved === 'true';
    const slice = await this.lists.list({ sort: query.sort ?? 'newest', tag: query.tag, solved }, positionFrom(query), 30);
    return ThreadsPresenter.questionList(slice);
  }

  @Post('questions')
  @SignedIn()
  async ask(@Req() req: Request, @Body() input: AskQuestionDto) {
    const question = await this.questions.ask(req.user!, input);
    return ThreadsPresenter.apiQuestion(await this.reader.thread(req.user, question.id));
  }

  @Get('questions/:id')
  async show(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return ThreadsPresenter.apiQuestion(await this.reader.thread(req.user, id));
  }

  @Patch('questions/:id')
  @SignedIn()
  async edit(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: PatchQuestionDto) {
    await this.questions.edit(req.user!, id, input);
    return ThreadsPresenter.apiQuestion(await this.reader.thread(req.user, id));
  }

  @Delete('questions/:id')
  @SignedIn()
  @HttpCode(204)
  async delete(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.questions.delete(req.user!, id);
  }

  @Get('questions/:id/revisions')
  async questionRevisions(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return ThreadsPresenter.revisions((await this.reader.history(req.user, id, 'question')).revisions);
  }

  @Post('questions/:id/answers')
  @SignedIn()
  async answer(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: PostAnswerDto) {
    const answer = await this.answers.answer(req.user!, id, input);
    return ThreadsPresenter.apiAnswer(await this.reader.answer(req.user, answer.id), null);
  }

  @Get('answers/:id')
  async showAnswer(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const answer = await this.reader.answer(req.user, id);
    return ThreadsPresenter.apiAnswer(answer, answer.parent!.acceptedAnswerId);
  }

  @Patch('answers/:id')
  @SignedIn()
  async editAnswer(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: EditAnswerDto) {
    await this.answers.edit(req.user!, id, input);
    const answer = await this.reader.answer(req.user, id);
    return ThreadsPresenter.apiAnswer(answer, answer.parent!.acceptedAnswerId);
  }

  @Delete('answers/:id')
  @SignedIn()
  @HttpCode(204)
  async deleteAnswer(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.answers.delete(req.user!, id);
  }

  @Get('answers/:id/revisions')
  async answerRevisions(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return ThreadsPresenter.revisions((await this.reader.history(req.user, id, 'answer')).revisions);
  }

  @Post('answers/:id/accept')
  @SignedIn()
  @HttpCode(200)
  accept(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return this.acceptance.accept(req.user!, id);
  }

  @Delete('answers/:id/accept')
  @SignedIn()
  unaccept(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return this.acceptance.unaccept(req.user!, id);
  }

  @Post('answers/:id/verify')
  @SignedIn()
  @HttpCode(200)
  verify(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return this.acceptance.setVerified(req.user!, id, true);
  }

  @Delete('answers/:id/verify')
  @SignedIn()
  unverify(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    return this.acceptance.setVerified(req.user!, id, false);
  }

  @Post('questions/:id/comments')
  @SignedIn()
  async commentOnQuestion(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CommentDto) {
    return this.commentResponse(await this.comments.add(req.user!, 'question', id, input));
  }

  @Post('answers/:id/comments')
  @SignedIn()
  async commentOnAnswer(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CommentDto) {
    return this.commentResponse(await this.comments.add(req.user!, 'answer', id, input));
  }

  @Delete('comments/:id')
  @SignedIn()
  @HttpCode(204)
  async deleteComment(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.comments.delete(req.user!, id);
  }

  @Get('tags')
  async tagList(@Query() query: PageQueryDto) {
    const page = await this.tags.list(pageRequest(query.page, 100));
    return { ...page, items: page.items.map(ThreadsPresenter.tag) };
  }

  private commentResponse({ comment }: { comment: Parameters<typeof ThreadsPresenter.apiComment>[0] }) {
    return { id: comment.id, postId: comment.postId, body: comment.body, bodyHtml: comment.bodyHtml, createdAt: comment.createdAt.toISOString() };
  }
}
