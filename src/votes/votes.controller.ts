import { Body, Controller, HttpCode, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { wantsJson } from '../common/http/request-kind.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { questionPath } from '../threads/threads.presenter.js';
import { CastVoteDto } from './dto/cast-vote.dto.js';
import { VotesService, type VoteResult } from './votes.service.js';

/**
 * Voting: `POST …/vote {value}` on the API, and the same on pages, where a plain form
 * redirects back to the post and the page's script asks for JSON instead.
 */
@ApiTags('votes')
@Controller()
@SignedIn()
export class VotesController {
  constructor(
    private readonly votes: VotesService,
    private readonly reader: ThreadReader,
  ) {}

  @Post('api/v1/questions/:id/vote')
  @HttpCode(200)
  @ApiBearerAuth()
  voteOnQuestion(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CastVoteDto): Promise<VoteResult> {
    return this.votes.cast(req.user!, 'question', id, input.value);
  }

  @Post('api/v1/answers/:id/vote')
  @HttpCode(200)
  @ApiBearerAuth()
  voteOnAnswer(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: CastVoteDto): Promise<VoteResult> {
    return this.votes.cast(req.user!, 'answer', id, input.value);
  }

  @Post('questions/:id/vote')
  async questionVoteForm(@Req() req: Request, @Res() res: Response, @Param('id', ParseIntPipe) id: number, @Body() input: CastVoteDto) {
    const result = await this.votes.cast(req.user!, 'question', id, input.value);
    await this.respond(req, res, result, id, 'question');
  }

  @Post('answers/:id/vote')
  async answerVoteForm(@Req() req: Request, @Res() res: Response, @Param('id', ParseIntPipe) id: number, @Body() input: CastVoteDto) {
    const result = await this.votes.cast(req.user!, 'answer', id, input.value);
    const answer = await this.reader.answer(req.user, id);
    await this.respond(req, res, result, answer.parentId!, `answer-${id}`);
  }

  private async respond(req: Request, res: Response, result: VoteResult, questionId: number, anchor: string): Promise<void> {
    if (wantsJson(req)) {
      res.status(200).json(result);
      return;
    }
    const slug = await this.reader.questionSlug(questionId);
    res.redirect(303, `${questionPath({ id: questionId, slug })}#${anchor}`);
  }
}
