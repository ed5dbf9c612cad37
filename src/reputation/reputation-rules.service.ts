import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../users/actor.js';
import { UsersPolicy } from '../users/users.policy.js';
import { ReputationSetting } from './entities/reputation-setting.entity.js';
import { DEFAULT_RULES, type RuleName, type Rules } from './reputation.rules.js';

/** Other instances pick up an admin's change within about this time. */
const CACHE_MS = 5_000;

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
  ) {}

  async onModuleInit(): Promise<void> {
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
    if (rows.length) await this.settings.upsert(rows, ['name']);
    await this.refreshing;
    return this.refresh();
  }
}
