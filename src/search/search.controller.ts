import { NotFoundError } from '../common/errors/domain-errors.js';
import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { SearchClickDto, SearchQueryDto, SimilarQueryDto } from './dto/search.dtos.js';
import { SearchPresenter } from './search.presenter.js';
import { PAGE_SIZE, SearchService, type SearchRequest } from './search.service.js';
import { pageLinksFor } from '../common/http/pagination.js';

const toRequest = (query: SearchQueryDto): SearchRequest => ({
  text: query.q,
  kind: query.kind,
  tag: query.tag,
  solved: query.solved === 'yes' || query.solved === 'true' ? true : query.solved === 'no' || query.solved === 'false' ? false : undefined,
  page: query.page,
});

/** The search page, its API, ask-page suggestions and click recording. */
@ApiTags('search')
@Controller()
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly reader: ThreadReader,
  ) {}

  @Get('search')
  @Render('search/results')
  async page(@Req() req: Request, @Query() query: SearchQueryDto) {
    const filters = { q: query.q ?? '', kind: query.kind ?? '', tag: query.tag ?? '', solved: query.solved ?? '' };
    if (!query.q) return { title: 'Search', filters, searched: false };
    const results = await this.search.search(req.user, toRequest(query));
    return {
      title: `Search: ${query.q}`,
      filters,
      searched: true,
      total: results.total,
      hits: results.hits.map((hit) => SearchPresenter.hit(hit, results.queryId, 'search')),
      askUrl: `/questions/ask?title=${encodeURIComponent(query.q)}`,
      pages: pageLinksFor(results.page, results.page * PAGE_SIZE < results.total, '/search', { q: query.q, kind: query.kind, tag: query.tag, solved: query.solved }),
    };
  }

  @Get('api/v1/search')
  async api(@Req() req: Request, @Query() query: SearchQueryDto) {
    const results = await this.search.search(req.user, toRequest(query));
    return {
      total: results.total,
      page: results.page,
      queryId: results.queryId,
      hits: results.hits.map((hit) => SearchPresenter.hit(hit, results.queryId, 'search')),
    };
  }

  @Get('api/v1/search/similar')
  async similar(@Req() req: Request, @Query() query: SimilarQueryDto) {
    const results = await this.search.similar(req.user, query.title);
    return { queryId: results.queryId, hits: results.hits.map((hit) => SearchPresenter.hit(hit, results.queryId, 'ask')) };
  }

  /** Records the click, then sends the reader on to the result (works without JavaScript). */
  @Get('search/click')
  async click(@Req() req: Request, @Res() res: Response, @Query() query: SearchClickDto) {
    const [kind, rawId] = query.doc.split('-') as [string, string];
    const id = Number(rawId);
    let target: string;
    if (kind === 'question') target = `/questions/${id}`;
    else if (kind === 'article') target = `/kb/${id}`;
    else {
      // Only to an answer this reader may see: walking answer ids must not reveal removed threads' titles.
      const link = (await this.reader.linksFor(req.user, [id])).get(id);
      if (!link) throw new NotFoundError('No such answer.');
      target = link.url;
    }
    await this.search.recordClick(req.user, { documentId: query.doc, queryId: query.query, source: query.from ?? 'search' });
    return res.redirect(302, target);
  }

}
