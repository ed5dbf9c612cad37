import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../users/actor.js';
import { UsersPolicy } from '../users/users.policy.js';
import { ReputationSetting } from './entities/reputation-setting.entity.js';
import { DEFAULT_RULES, type RuleName, type Rules } from './reputation.rules.js';

/** Other instances pick up an admin's change within this time. */
const CACHE_MS = 5_000;

/** The numbers in force: defaults overlaid with the admins' settings. */
@Injectable()
export class ReputationRulesService {
  private cached?: { rules: Rules; at: number };

  constructor(
    @InjectRepository(ReputationSetting) private readonly settings: Repository<ReputationSetting>,
    private readonly usersPolicy: UsersPolicy,
  ) {}

  async current(): Promise<Rules> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.rules;
    const overrides = await this.settings.find();
    const rules = { ...DEFAULT_RULES } as Record<RuleName, number>;
    for (const { name, value } of overrides) if (name in rules) rules[name as RuleName] = value;
    this.cached = { rules, at: Date.now() };
    return rules;
  }

  async update(actor: Actor, changes: Partial<Record<RuleName, number>>): Promise<Rules> {
    this.usersPolicy.assertCanManageRoles(actor);
    const rows = Object.entries(changes)
      .filter(([name, value]) => name in DEFAULT_RULES && value !== undefined)
      .map(([name, value]) => ({ name, value: value! }));
    if (rows.length) await this.settings.upsert(rows, ['name']);
    this.cached = undefined;
    return this.current();
  }
}
