import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Actor } from '../users/actor.js';
import { ResponseTarget } from './entities/response-target.entity.js';
import { InsightsPolicy } from './insights.policy.js';

/** The response target per tag (admins set it); the default comes from RESPONSE_TARGET_HOURS. */
@Injectable()
export class ResponseTargetsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(ResponseTarget) private readonly targets: Repository<ResponseTarget>,
    private readonly policy: InsightsPolicy,
  ) {}

  async list(actor: Actor): Promise<{ defaultHours: number; tags: { tag: string; hours: number }[] }> {
    this.policy.assertCanReadInsights(actor);
    const rows = await this.targets.find({ order: { tag: 'ASC' } });
    return { defaultHours: this.config.insights.responseTargetHours, tags: rows.map(({ tag, hours }) => ({ tag, hours })) };
  }

  /** `hours` null removes the tag's own target (it falls back to the default). */
  async set(actor: Actor, tag: string, hours: number | null): Promise<{ tag: string; hours: number }> {
    this.policy.assertCanSetTargets(actor);
    if (hours === null) await this.targets.delete({ tag });
    else await this.targets.upsert({ tag, hours }, ['tag']);
    return { tag, hours: hours ?? this.config.insights.responseTargetHours };
  }
}
