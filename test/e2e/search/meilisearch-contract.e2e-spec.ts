import { MeilisearchIndex } from '../../../src/search/meilisearch.index.js';
import { searchContract } from './search-contract.js';

// Runs against a real Meilisearch whenever MEILI_HOST is set (none can run on the CI machines).
const host = process.env.MEILI_HOST;

searchContract(
  `Meilisearch at ${host ?? '(MEILI_HOST not set)'}`,
  async () => {
    const index = new MeilisearchIndex(host!, process.env.MEILI_API_KEY);
    await index.prepare();
    return index;
  },
  Boolean(host),
);

