import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Time zones a reader may pick: those both the browser's Intl and PostgreSQL know, so a name
 * from the browser is either accepted by the database or refused here with a 400, never a 500.
 */
@Injectable()
export class TimeZones {
  private known?: Promise<Set<string>>;

  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<string[]> {
    return [...(await this.load())].sort();
  }

  async isKnown(name: string): Promise<boolean> {
    return (await this.load()).has(name);
  }

  private load(): Promise<Set<string>> {
    this.known ??= this.dataSource.query('SELECT name FROM pg_timezone_names').then((rows: { name: string }[]) => {
      const inDatabase = new Set(rows.map((row) => row.name));
      return new Set(['UTC', ...Intl.supportedValuesOf('timeZone').filter((name) => inDatabase.has(name))]);
    });
    this.known.catch(() => (this.known = undefined));
    return this.known;
  }
}
