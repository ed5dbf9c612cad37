import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import type { Actor } from '../users/actor.js';
import { BadgesPolicy } from './badges.policy.js';
import { BadgeSetting } from './entities/badge-setting.entity.js';

/** The super-user programme's bar; admins can change each number. */
export const DEFAULT_SUPER_USER_BAR = {
  superUserMinReputation: 1000,
  superUserMinAcceptedAnswers: 20,
  /** The window for accepted answers and for moderation actions against the member. */
  superUserWindowDays: 90,
} as const;
export type SuperUserBarName = keyof typeof DEFAULT_SUPER_USER_BAR;
export type SuperUserBar = Record<SuperUserBarName, number>;

/**
 * The numbers in force: defaults overlaid with the admins' settings, read from the database each
 * time (they are read by background jobs only), so every instance sees a change at once; the change
 * is still announced ('settings.changed') for anything that keeps a copy.
 */
@Injectable()
export class BadgeSettingsService {
  constructor(
    @InjectRepository(BadgeSetting) private readonly settings: Repository<BadgeSetting>,
    private readonly policy: BadgesPolicy,
    private readonly cluster: ClusterEvents,
  ) {}

  async superUserBar(): Promise<SuperUserBar> {
    const bar: SuperUserBar = { ...DEFAULT_SUPER_USER_BAR };
    for (const { name, value } of await this.settings.find()) if (name in bar) bar[name as SuperUserBarName] = value;
    return bar;
  }

  async update(actor: Actor, changes: Partial<SuperUserBar>): Promise<SuperUserBar> {
    this.policy.assertCanConfigure(actor);
    const rows = Object.entries(changes)
      .filter(([name, value]) => name in DEFAULT_SUPER_USER_BAR && value !== undefined)
      .map(([name, value]) => ({ name, value: value! }));
    if (rows.length) {
      await this.settings.upsert(rows, ['name']);
      await this.cluster.publish('settings.changed', { area: 'badges', names: rows.map((row) => row.name) });
    }
    return this.superUserBar();
  }
}
