import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Actor } from '../users/actor.js';
import { InsightsPolicy } from './insights.policy.js';

const DAY_MS = 24 * 3600_000;

export interface SupportInsights {
  window: number;
  escalations: { escalated: number; resolved: number; published: number; medianHoursToEscalation: number | null; medianHoursToResolution: number | null };
  routing: Record<'routed' | 'unrouted', { asked: number; answered: number; shareAnswered: number | null; medianHoursToFirstAnswer: number | null }>;
}

/**
 * What the support connection does for the community, over a window ending now: escalations
 * (how many, how long from question to escalation and to the helpdesk's resolution), and routed
 * against unrouted questions (share answered, time to first answer). Read-only SQL over the
 * integrations' and routing tables and the question facts.
 */
@Injectable()
export class SupportInsightsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: InsightsPolicy,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, window: number): Promise<SupportInsights> {
    this.policy.assertCanReadInsights(actor);
    const until = this.clock.now();
    const since = new Date(until.getTime() - window * DAY_MS);
    const hours = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100);
    const [e]: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT count(*)::int AS escalated, count(resolved_at)::int AS resolved, count(published_at)::int AS published,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM escalated_at - question_asked_at) / 3600.0) AS to_escalation,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM resolved_at - question_asked_at) / 3600.0) AS to_resolution
       FROM escalations WHERE escalated_at >= $1 AND escalated_at < $2`,
      [since, until],
    );
    const rows: { routed: boolean; asked: number; answered: number; median: unknown }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM question_routes r WHERE r.question_id = f.question_id) AS routed,
              count(*)::int AS asked, count(f.first_answer_at)::int AS answered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM f.first_answer_at - f.asked_at) / 3600.0) AS median
       FROM insights_question_facts f WHERE f.visible AND f.asked_at >= $1 AND f.asked_at < $2 GROUP BY 1`,
      [since, until],
    );
    const group = (routed: boolean) => {
      const row = rows.find((r) => r.routed === routed);
      const asked = row?.asked ?? 0;
      const answered = row?.answered ?? 0;
      return { asked, answered, shareAnswered: asked ? Math.round((answered / asked) * 1000) / 1000 : null, medianHoursToFirstAnswer: hours(row?.median ?? null) };
    };
    return {
      window,
      escalations: {
        escalated: e!.escalated as number, resolved: e!.resolved as number, published: e!.published as number,
        medianHoursToEscalation: hours(e!.to_escalation), medianHoursToResolution: hours(e!.to_resolution),
      },
      routing: { routed: group(true), unrouted: group(false) },
    };
  }
}
