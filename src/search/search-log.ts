import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { WriteBehind } from '../common/write-behind.js';

const FLUSH_MS = 1_000;
/** Ids reserved from the table's sequence at a time. */
const ID_BLOCK = 200;

export interface LoggedSearch {
  text: string;
  source: 'search' | 'ask';
  resultCount: number;
  userId: number | null;
}

type LoggedRow = LoggedSearch & { id: number; at: Date };

/**
 * Searches and ask-page lookups are logged in batches, as views are counted: a lookup takes its id
 * from a block reserved ahead (its clicks refer to it) and notes the row; once a second one
 * statement writes them all. A search served from the results cache then commits nothing of its
 * own (that commit was most of its cost); a crash loses at most a second of rows only the insights
 * read.
 */
@Injectable()
export class SearchLog implements OnApplicationShutdown {
  private ids: number[] = [];
  private reserving?: Promise<void>;
  private readonly rows = new WriteBehind<LoggedRow>((batch) => this.write(batch), FLUSH_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The lookup's id, at once; its row is written with the next batch. */
  async record(search: LoggedSearch): Promise<number> {
    const id = await this.nextId();
    this.rows.note(String(id), { ...search, text: search.text.slice(0, 200), id, at: this.clock.now() });
    return id;
  }

  flush(): Promise<void> {
    return this.rows.flush();
  }

  private async write(batch: LoggedRow[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO search_queries (id, text, source, result_count, user_id, created_at) OVERRIDING SYSTEM VALUE
       SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::timestamptz[])`,
      [batch.map((s) => s.id), batch.map((s) => s.text), batch.map((s) => s.source), batch.map((s) => s.resultCount), batch.map((s) => s.userId), batch.map((s) => s.at)],
    );
  }

  private async nextId(): Promise<number> {
    while (this.ids.length === 0) {
      this.reserving ??= this.reserve().finally(() => (this.reserving = undefined));
      await this.reserving;
    }
    return this.ids.shift()!;
  }

  private async reserve(): Promise<void> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT nextval(pg_get_serial_sequence('search_queries', 'id'))::int AS id FROM generate_series(1, $1)`,
      [ID_BLOCK],
    );
    this.ids.push(...rows.map((row) => row.id));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush().catch(() => undefined);
  }
}
