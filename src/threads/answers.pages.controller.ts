import { Body, Controller, Get, Param, ParseIntPipe, Post, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, SignedIn } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { AcceptanceService } from './acceptance.service.js';
import { AnswersService } from './answers.service.js';
import { CommentsService } from './comments.service.js';
import { CommentDto, EditAnswerDto, PostAnswerDto } from './dto/thread.dtos.js';
import { ThreadReader } from './thread-reader.service.js';
import { questionPath, ThreadsPresenter } from './threads.presenter.js';

/** Answers, comments and solutions on the thread page: plain forms, post/redirect/get. */
@ApiExcludeController()
@Controller()
export class AnswersPagesController {
  constructor(
    private readonly answers: AnswersService,
    private readonly comments: CommentsService,
    private readonly acceptance: AcceptanceService,
    private readonly reader: ThreadReader,
  ) {}

  @Post('questions/:id/answers')
  @SignedIn()
  @FormView('threads/answer-form')
  @Redirect()
  async answer(@Req() req: Request, @Param('id', ParseIntPipe) questionId: number, @Body() input: PostAnswerDto) {
    const answer = await this.answers.answer(req.user!, questionId, input);
    flash(req, 'success', 'Thanks! Your answer is posted.');
    return { url: await this.threadUrl(questionId, `answer-${answer.id}`) };
  }

  @Get('answers/:id/edit')
  @SignedIn()
  @FormView('threads/edit-answer')
  @Render('threads/edit-answer')
  async editPage(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const answer = await this.answers.editable(req.user!, id);
    return { title: `Edit answer to “${answer.parent!.title}”`, question: { title: answer.parent!.title, url: questionPath(answer.parent!) }, values: { body: answer.body } };
  }

  @Post('answers/:id/edit')
  @SignedIn()
  @FormView('threads/edit-answer')
  @Redirect()
  async edit(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: EditAnswerDto) {
    const answer = await this.answers.edit(req.user!, id, input);
    flash(req, 'success', 'Your edit is saved.');
    return { url: await this.threadUrl(answer.parentId!, `answer-${answer.id}`) };
  }

  @Post('answers/:id/delete')
  @SignedIn()
  @Redirect()
  async delete(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const answer = await this.reader.answer(req.user, id);
    await this.answers.delete(req.user!, id);
    flash(req, 'success', 'The answer was deleted.');
    return { url: await this.threadUrl(answer.parentId!) };
  }

  @Get('answers/:id/revisions')
  @Render('threads/revisions')
  async revisions(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const { post, revisions } = await this.reader.history(req.user, id, 'answer');
    return {
      title: `Revisions of an answer to “${post.parent!.title}”`,
      backUrl: `${questionPath(post.parent!)}#answer-${post.id}`,
      revisions: ThreadsPresenter.revisions(revisions),
    };
  }

  @Post('answers/:id/accept')
  @SignedIn()
  @Redirect()
  async accept(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const state = await this.acceptance.accept(req.user!, id);
    flash(req, 'success', 'Marked as the solution. Thanks for closing the loop!');
    return { url: await this.threadUrl(state.questionId, `answer-${id}`) };
  }

  @Post('answers/:id/unaccept')
  @SignedIn()
  @Redirect()
  async unaccept(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const state = await this.acceptance.unaccept(req.user!, id);
    flash(req, 'info', 'The answer is no longer marked as the solution.');
    return { url: await this.threadUrl(state.questionId, `answer-${id}`) };
  }

  @Post('answers/:id/verify')
  @SignedIn()
  @Redirect()
  async verify(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body('verified') verified?: string) {
    const state = await this.acceptance.setVerified(req.user!, id, verified !== 'false');
    flash(req, 'success', state.verified ? 'Marked as verified by support.' : 'Verification removed.');
    return { url: await this.threadUrl(state.questionId, `answer-${id}`) };
  }

  @Post('questions/:id/comments')
  @SignedIn()
  @FormView('threads/comment-form')
  @Redirect()
  async commentOnQuestion(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CommentDto) {
    const { comment, questionId } = await this.comments.add(req.user!, 'question', id, input);
    return { url: await this.threadUrl(questionId, `comment-${comment.id}`) };
  }

  @Post('answers/:id/comments')
  @SignedIn()
  @FormView('threads/comment-form')
  @Redirect()
  async commentOnAnswer(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CommentDto) {
    const { comment, questionId } = await this.comments.add(req.user!, 'answer', id, input);
    return { url: await this.threadUrl(questionId, `comment-${comment.id}`) };
  }

  @Post('comments/:id/delete')
  @SignedIn()
  @Redirect()
  async deleteComment(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const { questionId } = await this.comments.delete(req.user!, id);
    flash(req, 'success', 'The comment was deleted.');
    return { url: await this.threadUrl(questionId) };
  }

  private async threadUrl(questionId: number, anchor?: string): Promise<string> {
    const url = questionPath({ id: questionId, slug: await this.reader.questionSlug(questionId) });
    return anchor ? `${url}#${anchor}` : url;
  }
}
