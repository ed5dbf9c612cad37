import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import type { Actor } from '../users/actor.js';
import { SERVICE_LEVEL_FIGURES, ServiceLevelSettings, type ServiceLevelFigure } from './entities/service-level-settings.entity.js';
import { InsightsPolicy } from './insights.policy.js';

export interface PublishedFigures {
  published: boolean;
  figures: ServiceLevelFigure[];
}

/** A change reaches every instance at once ('settings.changed'); this re-read is only a safety net. */
const CACHE_MS = 60_000;

/**
 * Whether the service levels are public, and which figures. Every page's footer asks, so the
 * answer is served from memory and refreshed in the background, never waited for.
 */
@Injectable()
export class ServiceLevelSettingsService implements OnModuleInit {
  private cached: PublishedFigures & { at: number } = { published: false, figures: [], at: 0 };
  private refreshing?: Promise<PublishedFigures>;

  constructor(
    @InjectRepository(ServiceLevelSettings) private readonly settings: Repository<ServiceLevelSettings>,
    private readonly policy: InsightsPolicy,
    private readonly cluster: ClusterEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cluster.subscribe('settings.changed', async () => void (await this.refreshAfterChange()));
    this.cluster.onResync(async () => void (await this.refreshAfterChange()));
    // Unpublished until read: a page never waits for this, nor fails for it.
    await this.refresh().catch(() => undefined);
  }

  current(): PublishedFigures {
    if (Date.now() - this.cached.at >= CACHE_MS) void this.refresh().catch(() => undefined);
    return { published: this.cached.published, figures: this.cached.figures };
  }

  /** For an admin's form: the stored row, fresh. */
  async forAdmin(actor: Actor): Promise<PublishedFigures> {
    this.policy.assertCanPublishServiceLevels(actor);
    return this.refresh();
  }

  async update(actor: Actor, input: PublishedFigures): Promise<PublishedFigures> {
    this.policy.assertCanPublishServiceLevels(actor);
    const figures = SERVICE_LEVEL_FIGURES.filter((figure) => input.figures.includes(figure));
    await this.settings.upsert({ id: 1, published: input.published, figures }, ['id']);
    await this.cluster.publish('settings.changed', { area: 'service-levels' });
    return this.refreshAfterChange();
  }

  /** A refresh that started before the change may have read the old row: wait for it, then read again. */
  private async refreshAfterChange(): Promise<PublishedFigures> {
    await this.refreshing?.catch(() => undefined);
    return this.refresh();
  }

  private refresh(): Promise<PublishedFigures> {
    this.refreshing ??= this.settings
      .findOneBy({ id: 1 })
      .then((row) => {
        this.cached = { published: row?.published ?? false, figures: row?.figures ?? [...SERVICE_LEVEL_FIGURES], at: Date.now() };
        return { published: this.cached.published, figures: this.cached.figures };
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}
