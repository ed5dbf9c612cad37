import { Injectable, OnModuleInit } from '@nestjs/common';
import { ClusterEvents } from '../cluster/cluster-events.service.js';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../users/actor.js';
import { UsersPolicy } from '../users/users.policy.js';
import { ReputationSetting } from './entities/reputation-setting.entity.js';
import { DEFAULT_RULES, type RuleName, type Rules } from './reputation.rules.js';

/**
 * A change reaches every instance at once through the cluster channel ('reputation-rules.changed');
 * this re-read is only the safety net for a message lost in a way the channel's resync missed.
 */
const CACHE_MS = 60_000;

/**
 * The numbers in force: defaults overlaid with the admins' settings. Read once at start, then
 * served from memory and refreshed in the background when older than CACHE_MS: a caller never
 * waits for a connection, which matters because callers run inside transactions that already
 * hold one (waiting for a second from a busy pool could wait forever).
 */
@Injectable()
export class ReputationRulesService implements OnModuleInit {
  private cached?: { rules: Rules; at: number };
  private refreshing?: Promise<Rules>;

  constructor(
    @InjectRepository(ReputationSetting) private readonly settings: Repository<ReputationSetting>,
    private readonly usersPolicy: UsersPolicy,
    private readonly cluster: ClusterEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cluster.subscribe('reputation-rules.changed', () => this.refreshAfterChange());
    this.cluster.onResync(() => this.refreshAfterChange());
    await this.refresh();
  }

  async current(): Promise<Rules> {
    if (!this.cached) return this.refresh();
    if (Date.now() - this.cached.at >= CACHE_MS) void this.refresh().catch(() => undefined);
    return this.cached.rules;
  }

  private refresh(): Promise<Rules> {
    this.refreshing ??= this.settings
      .find()
      .then((overrides) => {
        const rules = { ...DEFAULT_RULES } as Record<RuleName, number>;
        for (const { name, value } of overrides) if (name in rules) rules[name as RuleName] = value;
        this.cached = { rules, at: Date.now() };
        return rules;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async update(actor: Actor, changes: Partial<Record<RuleName, number>>): Promise<Rules> {
    this.usersPolicy.assertCanManageRoles(actor);
    const rows = Object.entries(changes)
      .filter(([name, value]) => name in DEFAULT_RULES && value !== undefined)
      .map(([name, value]) => ({ name, value: value! }));
    if (rows.length) {
      await this.settings.upsert(rows, ['name']);
      await this.cluster.publish('reputation-rules.changed', { names: rows.map((row) => row.name) });
    }
    await this.refreshing;
    return this.refresh();
  }

  /** A refresh that started before the change may have read the old rows: wait for it, then read again. */
  private async refreshAfterChange(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
    await this.refresh();
  }
}
