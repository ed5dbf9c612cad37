import { PostgresSearchIndex } from '../../../src/search/postgres-search.index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { searchContract } from './search-contract.js';

let t: TestApp;
afterAll(() => t?.close());

searchContract('PostgreSQL full-text', async () => {
  t = await startTestApp();
  return new PostgresSearchIndex(t.db);
});
