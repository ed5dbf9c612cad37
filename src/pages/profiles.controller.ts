import { Controller, Get, Inject, Optional, Param, Query, Render, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { pageLinksFor, PageQueryDto, pageRequest } from '../common/http/pagination.js';
import { LeaderboardQueryDto } from '../reputation/dto/reputation.dtos.js';
import { ReputationService } from '../reputation/reputation.service.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { UsersPresenter } from '../users/users.presenter.js';
import { UsersService } from '../users/users.service.js';
import { NAME_MARKS, type NameMarksReader } from '../users/name-marks.port.js';
import { CachedPage, EVERY_MEMBER } from '../page-cache/cached-page.decorator.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ProfilesPresenter } from './profiles.presenter.js';

const PERIOD_LABELS = { week: 'This week', month: 'This month', all: 'All time' } as const;

/** Member profiles with their reputation history, and the leaderboard. */
@ApiTags('users')
@Controller()
export class ProfilesController {
  constructor(
    private readonly users: UsersService,
    private readonly reputation: ReputationService,
    private readonly reader: ThreadReader,
    @Optional() @Inject(NAME_MARKS) private readonly marks?: NameMarksReader,
  ) {}

  @Get('users')
  @CachedPage([PageTags.members], EVERY_MEMBER)
  @Render('users/list')
  async leaderboardPage(@Query() query: LeaderboardQueryDto) {
    const period = query.period ?? 'week';
    const page = query.page ?? 1;
    const rows = await this.reputation.leaderboard(period, pageRequest(page, 37));
    const marks = (await this.marks?.forUsers(rows.map((row) => row.userId))) ?? new Map();
    return {
      title: 'Users',
      period,
      periods: (['week', 'month', 'all'] as const).map((value) => ({ value, label: PERIOD_LABELS[value], current: value === period, url: value === 'week' ? '/users' : `/users?period=${value}` })),
      users: rows.slice(0, 36).map((row) => ({ ...row, marks: marks.get(row.userId) })),
      pages: pageLinksFor(page, rows.length > 36, '/users', { period: query.period }),
    };
  }

  @Get('api/v1/users')
  async leaderboard(@Query() query: LeaderboardQueryDto) {
    const page = query.page ?? 1;
    const rows = await this.reputation.leaderboard(query.period ?? 'all', pageRequest(page, 51));
    return { items: rows.slice(0, 50), page, size: 50, hasNext: rows.length > 50 };
  }

  @Get('users/:username')
  @CachedPage([PageTags.members], { audience: profileAudience })
  @Render('users/profile')
  async profile(@Req() req: Request, @Param('username') username: string, @Query() query: PageQueryDto) {
    const user = await this.users.getByUsername(username);
    const [history, highlights, marks] = await Promise.all([
      this.reputation.history(user.id, pageRequest(query.page, 50)),
      this.reader.profileHighlights(req.user, user.id),
      this.marks?.forUsers([user.id]),
    ]);
    const links = await this.reader.linksFor(req.user, history.items.map((e) => e.postId).filter((id): id is number => id !== null));
    return {
      title: user.username,
      profile: UsersPresenter.profile(user),
      marks: marks?.get(user.id),
      isSelf: req.user?.id === user.id,
      counts: highlights.counts,
      topQuestions: highlights.questions,
      topAnswers: highlights.answers,
      days: ProfilesPresenter.historyByDay(history.items, links),
      pages: pageLinksFor(query.page ?? 1, history.hasNext, `/users/${user.username}`, {}),
    };
  }

  @Get('api/v1/users/:username/reputation')
  async reputationHistory(@Param('username') username: string, @Query() query: PageQueryDto) {
    const user = await this.users.getByUsername(username);
    const history = await this.reputation.history(user.id, pageRequest(query.page, 50));
    return { reputation: user.reputation, items: history.items.map(ProfilesPresenter.entry), page: query.page ?? 1, hasNext: history.hasNext };
  }
}

/** Members of one role see the same profile, unless it is their own (it links to their tokens). */
function profileAudience(req: Request): string | undefined {
  const viewer = req.user!;
  return viewer.username.toLowerCase() === String(req.params.username).toLowerCase() ? undefined : `every ${viewer.role}`;
}
