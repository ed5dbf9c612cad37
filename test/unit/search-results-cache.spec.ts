import type { Repository } from 'typeorm';
import type { ClusterEvents } from '../../src/cluster/cluster-events.service.js';
import { Clock } from '../../src/common/clock.js';
import type { SearchClick } from '../../src/search/entities/search-log.entity.js';
import type { SearchIndex, SearchQuery, SearchResults } from '../../src/search/search-index.port.js';
import type { SearchLog } from '../../src/search/search-log.js';
import { RESULTS_CACHE, SearchService } from '../../src/search/search.service.js';

/** The results cache alone, in front of an index whose answers the test releases when it chooses. */
function serviceWith(search: (query: SearchQuery) => Promise<SearchResults>) {
  let announce: (() => void) | undefined;
  const cluster = { subscribe: (_topic: string, handler: () => void) => (announce = handler), onResync: () => undefined } as unknown as ClusterEvents;
  const log = { record: async () => 1 } as unknown as SearchLog;
  const service = new SearchService({ search } as unknown as SearchIndex, log, {} as Repository<SearchClick>, cluster, new Clock());
  service.onModuleInit();
  return { service, announceChange: () => announce!() };
}

const resultsFor = (text: string): SearchResults => ({ total: 1, hits: [{ id: `question-${text}`, kind: 'question', title: text, url: '/', tags: [], solved: false, score: 0, titleHighlighted: text, snippet: '' }] });

describe('SearchService: the results kept for repeated queries', () => {
  it('answers a lookup whose entry was evicted while it ran, instead of failing it', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const { service } = serviceWith(async (query) => {
      if (query.text === 'rare query') await slow;
      return resultsFor(query.text);
    });
    const waiting = service.search(undefined, { text: 'rare query' });
    // More new queries than the cache keeps arrive while the rare one runs: its entry is evicted.
    for (let i = 0; i <= RESULTS_CACHE.entries; i++) await service.search(undefined, { text: `query ${i}` });
    release();
    await expect(waiting).resolves.toMatchObject({ total: 1, hits: [{ title: 'rare query' }] });
  });

  it('does not keep what a lookup found while a change was announced: the next asks the index again', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let version = 1;
    let lookups = 0;
    const { service, announceChange } = serviceWith(async (query) => {
      lookups += 1;
      const seen = version;
      if (lookups === 1) await slow;
      return resultsFor(`${query.text} v${seen}`);
    });
    const first = service.search(undefined, { text: 'printer' });
    version = 2;
    announceChange();
    release();
    // The reader waiting for the lookup under way gets the index's answer after the change.
    expect((await first).hits[0]!.title).toBe('printer v2');
    expect((await service.search(undefined, { text: 'printer' })).hits[0]!.title).toBe('printer v2');
    const before = lookups;
    await service.search(undefined, { text: 'printer' });
    expect(lookups).toBe(before); // kept now
  });
});
