import { Body, Controller, Get, HttpCode, Inject, Optional, Param, ParseIntPipe, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FormView, SignedIn } from '../auth/access.decorators.js';
import { flash } from '../common/http/flash.js';
import { keysetLinks, positionFrom } from '../common/http/keyset.js';
import { PageQueryDto, pageLinksFor, pageRequest, withQuery } from '../common/http/pagination.js';
import { AskDraftDto, AskQuestionDto, EditQuestionDto, ListQuestionsDto, QUESTION_SORTS, tagsFromText } from './dto/thread.dtos.js';
import { CachedPage, EVERY_MEMBER } from '../page-cache/cached-page.decorator.js';
import { PageTags } from '../page-cache/page-tags.js';
import { QuestionsService } from './questions.service.js';
import { QuestionLists } from './question-lists.service.js';
import { ThreadReader } from './thread-reader.service.js';
import { questionPath, ThreadsPresenter } from './threads.presenter.js';
import { TagsService } from './tags.service.js';
import { NAME_MARKS, rowsWithMarks, type NameMarksReader } from '../users/name-marks.port.js';
import { describeExpectation, RESPONSE_EXPECTATIONS, type ResponseExpectationsReader } from './response-expectations.port.js';

const SORT_LABELS: Record<string, string> = { newest: 'Newest', active: 'Active', unanswered: 'Unanswered', top: 'Top' };

@ApiExcludeController()
@Controller()
export class QuestionsPagesController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly reader: ThreadReader,
    private readonly lists: QuestionLists,
    private readonly tags: TagsService,
    @Optional() @Inject(NAME_MARKS) private readonly marks?: NameMarksReader,
    @Optional() @Inject(RESPONSE_EXPECTATIONS) private readonly expectations?: ResponseExpectationsReader,
  ) {}

  @Get()
  @CachedPage([PageTags.questionLists], EVERY_MEMBER)
  @Render('threads/list')
  home(@Query() query: ListQuestionsDto) {
    return this.listPage(query, '/');
  }

  @Get('questions')
  @CachedPage([PageTags.questionLists], EVERY_MEMBER)
  @Render('threads/list')
  list(@Query() query: ListQuestionsDto) {
    return this.listPage(query, '/questions');
  }

  @Get('tags/:tag')
  @CachedPage([PageTags.questionLists], EVERY_MEMBER)
  @Render('threads/list')
  async byTag(@Param('tag') tag: string, @Query() query: ListQuestionsDto) {
    const known = await this.tags.getByName(tag);
    return this.listPage({ ...query, tag: known.name }, `/tags/${known.name}`);
  }

  @Get('tags')
  @CachedPage([PageTags.questionLists], EVERY_MEMBER)
  @Render('threads/tags')
  async tagList(@Query() query: PageQueryDto) {
    const page = await this.tags.list(pageRequest(query.page, 60));
    return { title: 'Tags', tags: page.items.map(ThreadsPresenter.tag), pages: pageLinksFor(page.page, page.items.length === page.size && page.total > page.page * page.size, '/tags', {}) };
  }

  @Get('questions/ask')
  @SignedIn()
  @FormView('threads/ask')
  @Render('threads/ask')
  async askPage(@Query('title') title?: string) {
    return { title: 'Ask a question', values: { title: typeof title === 'string' ? title.slice(0, 150) : '' }, expectations: await this.expectationsFor([]) };
  }

  /** Without JavaScript: the form comes back as typed, with what to expect for its tags. */
  @Post('questions/ask/expectations')
  @HttpCode(200)
  @SignedIn()
  @FormView('threads/ask')
  @Render('threads/ask')
  async askWithExpectations(@Body() draft: AskDraftDto) {
    return { title: 'Ask a question', values: draft, expectations: await this.expectationsFor(tagsFromText(draft.tags)) };
  }

  @Post('questions')
  @SignedIn()
  @FormView('threads/ask')
  @Redirect()
  async ask(@Req() req: Request, @Body() input: AskQuestionDto) {
    const question = await this.questions.ask(req.user!, input);
    flash(req, 'success', 'Your question is posted. You will see answers here.');
    return { url: questionPath(question) };
  }

  @Get('questions/:id')
  @Redirect()
  async shortLink(@Param('id', ParseIntPipe) id: number) {
    return { url: questionPath({ id, slug: await this.reader.questionSlug(id) }), statusCode: 301 };
  }

  @Get('questions/:id/:slug/edit')
  @SignedIn()
  @FormView('threads/edit-question')
  @Render('threads/edit-question')
  async editPage(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const question = await this.questions.editable(req.user!, id);
    return { title: `Edit: ${question.title}`, values: { title: question.title, body: question.body, tags: (question.tags ?? []).join(' ') } };
  }

  @Post('questions/:id/:slug/edit')
  @SignedIn()
  @FormView('threads/edit-question')
  @Redirect()
  async edit(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: EditQuestionDto) {
    const question = await this.questions.edit(req.user!, id, input);
    flash(req, 'success', 'Your edit is saved.');
    return { url: questionPath(question) };
  }

  @Post('questions/:id/delete')
  @SignedIn()
  @Redirect('/questions')
  async delete(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    await this.questions.delete(req.user!, id);
    flash(req, 'success', 'The question was deleted.');
  }

  @Get('questions/:id/:slug/revisions')
  @Render('threads/revisions')
  async revisions(@Req() req: Request, @Param('id', ParseIntPipe) id: number) {
    const { post, revisions } = await this.reader.history(req.user, id, 'question');
    return { title: `Revisions of “${post.title}”`, backUrl: questionPath(post), revisions: ThreadsPresenter.revisions(revisions) };
  }

  /** Null when nothing is published (the ask page then offers nothing); else the lines for these tags. */
  private async expectationsFor(tags: string[]): Promise<{ lines: string[] } | null> {
    if (!this.expectations?.available()) return null;
    const found = tags.length > 0 ? await this.expectations.forTags(tags) : [];
    return { lines: found.map(describeExpectation) };
  }

  private async listPage(query: ListQuestionsDto, basePath: string) {
    const sort = query.sort ?? 'newest';
    const solved = query.solved === undefined ? undefined : query.solved === 'yes' || query.solved === 'true';
    const slice = await this.lists.list({ sort, tag: query.tag, solved }, positionFrom(query), 30);
    const params = { sort: query.sort, solved: query.solved, tag: basePath.startsWith('/tags/') ? undefined : query.tag };
    const heading = query.tag ? `Questions tagged ${query.tag}` : 'Questions';
    return {
      title: heading,
      heading,
      tag: query.tag,
      questions: await rowsWithMarks(this.marks, slice.items.map(ThreadsPresenter.questionRow)),
      sorts: QUESTION_SORTS.map((value) => ({ value, label: SORT_LABELS[value], current: value === sort, url: withQuery(basePath, { ...params, sort: value === 'newest' ? undefined : value }) })),
      solvedOptions: [
        { value: '', label: 'All', selected: solved === undefined },
        { value: 'yes', label: 'Solved', selected: solved === true },
        { value: 'no', label: 'Unsolved', selected: solved === false },
      ],
      sort,
      basePath,
      pages: keysetLinks(slice, { first: slice.items[0]?.id, last: slice.items.at(-1)?.id }, basePath, params),
    };
  }
}
