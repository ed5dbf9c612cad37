import type { DataSource } from 'typeorm';
import { RECOUNT_EARNED_TODAY } from '../reputation/reputation.service.js';

interface Step {
  at: Date;
  kind: string;
  run: () => Promise<void>;
}

/**
 * Tables whose times are not history: sessions, rate-limit windows. Append-only tables (a BEFORE
 * UPDATE trigger refuses updates, as on the moderation log) keep the moment they were written;
 * an AFTER UPDATE trigger (member_counts' on posts and comments) only follows changes.
 */
const NOT_HISTORY_TABLES = ['session', 'rate_limits', 'migrations', 'typeorm_metadata'];
/** Columns that point into the future (expiry, suspension end) keep their meaning. */
const NOT_HISTORY_COLUMNS = /expire|until|deadline|next_/;

/**
 * Builds the demo's past through the real services: steps run in time order, each through the
 * owning service as a member would do it today, and then everything that step wrote or touched
 * (every timestamp column at or after the seed began) is moved to the moment the step stands
 * for. So the rules that look at time (the daily reputation cap counts today's entries, the
 * response target, the super-user window) see each step at its own moment, and every derived
 * number stays the one the services computed. Votes of one day are settled together, so the
 * daily cap applies to that day's votes as it would have.
 */
export class DemoTimeline {
  private readonly steps: Step[] = [];

  private constructor(
    private readonly dataSource: DataSource,
    /** When the seed began (the database's clock): rows at or after it have not been dated yet. */
    readonly now: Date,
    private readonly columns: { table: string; column: string }[],
  ) {}

  static async start(dataSource: DataSource): Promise<DemoTimeline> {
    const [{ now }]: { now: Date }[] = await dataSource.query('SELECT now() AS now');
    const columns: { table: string; column: string }[] = await dataSource.query(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'timestamp with time zone' AND NOT (table_name = ANY($1))
         AND NOT EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = format('%I.%I', table_schema, table_name)::regclass
                         AND NOT tg.tgisinternal AND tg.tgtype & 18 = 18)
       ORDER BY table_name, column_name`,
      [NOT_HISTORY_TABLES],
    );
    return new DemoTimeline(dataSource, new Date(now), columns.filter((c) => !NOT_HISTORY_COLUMNS.test(c.column)));
  }

  at(at: Date, kind: string, run: () => Promise<void>): void {
    this.steps.push({ at, kind, run });
  }

  /** Runs every step in time order (steps at the same moment in the order they were added). */
  async run(): Promise<void> {
    const steps = this.steps.map((step, order) => ({ step, order })).sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.order - b.order);
    for (const [i, { step }] of steps.entries()) {
      await step.run();
      const next = steps[i + 1]?.step;
      const sameDayVotes = next && step.kind === 'vote' && next.kind === 'vote' && utcDay(step.at) === utcDay(next.at);
      if (!sameDayVotes) await this.settle(step.at);
    }
    this.steps.length = 0;
  }

  /** Dates everything written since the seed began (and not dated yet) at `at`. */
  async settle(at: Date): Promise<void> {
    const stamp = `'${at.toISOString()}'::timestamptz`;
    const since = `'${this.now.toISOString()}'::timestamptz`;
    const tables = new Map<string, { column: string }[]>();
    for (const column of this.columns) tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
    const sql = [...tables]
      .map(([table, columns]) => {
        const set = columns.map(({ column }) => `"${column}" = CASE WHEN "${column}" >= ${since} THEN ${stamp} ELSE "${column}" END`).join(', ');
        return `UPDATE "${table}" SET ${set} WHERE ${columns.map(({ column }) => `"${column}" >= ${since}`).join(' OR ')}`;
      })
      .join(';\n');
    if (sql) await this.dataSource.query(sql);
    // The entries just dated no longer count toward today's cap.
    await this.dataSource.query(RECOUNT_EARNED_TODAY);
  }
}

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
