import { Body, Controller, Delete, Get, Param, ParseIntPipe, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { FollowPreferencesDto, WatchDto } from './dto/follow.dtos.js';
import { FollowsService } from './follows.service.js';

/** Followed tags, watched threads, routing opt-out and the digest, for the signed-in member. */
@ApiTags('follows')
@ApiBearerAuth()
@Controller('api/v1')
@SignedIn()
export class FollowsApiController {
  constructor(private readonly follows: FollowsService) {}

  @Get('me/follows')
  async mine(@Req() req: Request) {
    const userId = req.user!.id;
    return { tags: await this.follows.followedTags(userId), watching: await this.follows.watchedThreads(userId), preferences: await this.follows.preferencesOf(userId) };
  }

  @Put('me/follows/tags/:tag')
  async follow(@Req() req: Request, @Param('tag') tag: string) {
    return { tags: await this.follows.followTag(req.user!, tag) };
  }

  @Delete('me/follows/tags/:tag')
  async unfollow(@Req() req: Request, @Param('tag') tag: string) {
    return { tags: await this.follows.unfollowTag(req.user!, tag) };
  }

  @Put('questions/:id/watch')
  async watch(@Req() req: Request, @Param('id', ParseIntPipe) id: number, @Body() input: WatchDto) {
    return { questionId: id, watching: await this.follows.setWatching(req.user!, id, input.watching) };
  }

  @Put('me/preferences')
  async preferences(@Req() req: Request, @Body() input: FollowPreferencesDto) {
    return this.follows.setPreferences(req.user!, input);
  }
}
