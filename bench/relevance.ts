// `npm run bench -- --relevance DIR`: how relevant search is on a real community. Imports the Stack
// Exchange dump in DIR (the project's importer, through the CLI) into a database of its own (kept in
// .data-relevance, one database per site: a second run reuses the import), then asks the search
// port as the app does, for the ask page's suggestions and for the search page:
// - duplicates: each question the dump links as a duplicate (PostLinks LinkTypeId 3, as imported
//   into posts.duplicate_of_id), its title as the query; the rank of the question it duplicates,
//   the duplicate's own thread left out → recall@5, recall@10, MRR@10;
// - known item: each question's exact title finds its thread at rank 1;
// - typo: each title with one typo in its longest word finds its thread in the top 3.
// Ranks count threads (a question and its answers are one thread), as a reader scans them.
// With MEILI_HOST set, the import indexes into Meilisearch and the same measures run against it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { startEmbeddedPostgres, type RunningDatabase } from '../src/database/embedded-postgres.js';
import { runMigrations } from '../src/database/open-database.js';
import { MeilisearchIndex } from '../src/search/meilisearch.index.js';
import { PostgresSearchIndex } from '../src/search/postgres-search.index.js';
import type { SearchIndex, SearchQuery } from '../src/search/search-index.port.js';

interface Question {
  id: number;
  title: string;
  duplicateOf: number | null;
}

interface Shape {
  name: string;
  /** The query as the app sends it, for `text`, asking for `limit` hits. */
  query: (text: string, limit: number) => SearchQuery;
}

/** The two query shapes the app uses (src/search/search.service.ts). */
const SHAPES: Shape[] = [
  // The served suggestions keep only solved questions (and articles); here every question counts, so
  // the figure measures the ranking, not how many originals happen to be solved.
  { name: 'ask-page suggestions (any word, questions)', query: (text, limit) => ({ text, match: 'any', kind: 'question', offset: 0, limit }) },
  { name: 'search (every word first, all kinds)', query: (text, limit) => ({ text, offset: 0, limit }) },
];

export interface RelevanceFigures {
  site: string;
  engine: string;
  shape: string;
  duplicates: number;
  recallAt5: number;
  recallAt10: number;
  mrrAt10: number;
  questions: number;
  knownItemAt1: number;
  typos: number;
  typoAt3: number;
  medianMs: number;
}

/** One typo in the longest word: a deletion, a transposition or a substitution, chosen by the question's id. */
export function withTypo(title: string, id: number): string {
  const words = title.split(/(\s+)/);
  let longest = 0;
  for (let i = 0; i < words.length; i++) if (/\S/.test(words[i]!) && words[i]!.length > (words[longest]?.length ?? 0)) longest = i;
  const word = words[longest]!;
  if (word.length < 3) return title;
  const at = 1 + (id % (word.length - 2)); // never the first letter
  let typo: string;
  switch (id % 3) {
    case 0: typo = word.slice(0, at) + word.slice(at + 1); break; // deletion
    case 1: typo = word.slice(0, at) + word[at + 1]! + word[at]! + word.slice(at + 2); break; // transposition
    default: typo = word.slice(0, at) + (word[at] === 'e' ? 'a' : 'e') + word.slice(at + 1); // substitution
  }
  words[longest] = typo;
  return words.join('');
}

const threadOf = (url: string) => Number(/^\/questions\/(\d+)/.exec(url)?.[1]);

/** The distinct threads of the hits, in order, without `skip`'s thread. */
async function rankedThreads(index: SearchIndex, query: SearchQuery, skip?: number): Promise<number[]> {
  const { hits } = await index.search(query);
  const threads: number[] = [];
  for (const hit of hits) {
    const thread = threadOf(hit.url);
    if (thread !== skip && !threads.includes(thread)) threads.push(thread);
  }
  return threads;
}

async function measure(index: SearchIndex, site: string, shape: Shape, questions: Question[]): Promise<RelevanceFigures> {
  const times: number[] = [];
  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    times.push(performance.now() - started);
    return result;
  };
  const duplicates = questions.filter((q) => q.duplicateOf !== null);
  let at5 = 0;
  let at10 = 0;
  let reciprocal = 0;
  for (const dup of duplicates) {
    // Hits enough for ten threads once answers of the same threads and the duplicate are left out.
    const threads = (await timed(() => rankedThreads(index, shape.query(dup.title, 40), dup.id))).slice(0, 10);
    const rank = threads.indexOf(dup.duplicateOf!) + 1;
    if (rank >= 1 && rank <= 5) at5++;
    if (rank >= 1) {
      at10++;
      reciprocal += 1 / rank;
    }
  }
  let known = 0;
  let typoHits = 0;
  let typos = 0;
  for (const q of questions) {
    const [first] = await timed(() => rankedThreads(index, shape.query(q.title, 10)));
    if (first === q.id) known++;
    const misspelt = withTypo(q.title, q.id);
    if (misspelt === q.title) continue;
    typos++;
    if ((await timed(() => rankedThreads(index, shape.query(misspelt, 20)))).slice(0, 3).includes(q.id)) typoHits++;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    site, engine: index.engine, shape: shape.name,
    duplicates: duplicates.length, recallAt5: share(at5, duplicates.length), recallAt10: share(at10, duplicates.length), mrrAt10: share(reciprocal, duplicates.length),
    questions: questions.length, knownItemAt1: share(known, questions.length), typos, typoAt3: share(typoHits, typos),
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

/** Imports the dump unless this site's database has it already; returns its questions. */
async function imported(db: RunningDatabase, dir: string, site: string): Promise<Question[]> {
  await runMigrations(db.url);
  const data = new DataSource({ type: 'postgres', url: db.url });
  await data.initialize();
  try {
    const [{ n }] = await data.query(`SELECT count(*)::int AS n FROM posts WHERE imported_from = $1`, [site]);
    if (n === 0) {
      console.log(`importing ${site} into a fresh database…`);
      await run(process.execPath, ['dist/src/cli.js', 'import:stackexchange', '--dir', dir, '--site', site], {
        ...process.env, DATABASE_URL: db.url, SEED_DEMO: 'false', RATE_LIMITS: 'off', LOG_LEVEL: 'error',
      });
    } else console.log(`${site}: already imported (${n} posts), reusing it.`);
    if (process.env.MEILI_HOST) {
      // One Meilisearch index serves every site in turn: rebuilt from this site's database (a swap, so never empty).
      await run(process.execPath, ['dist/src/cli.js', 'search:reindex'], { ...process.env, DATABASE_URL: db.url, SEED_DEMO: 'false', LOG_LEVEL: 'error' });
    }
    await data.query('ANALYZE');
    return (await data.query(
      `SELECT id, title, duplicate_of_id AS "duplicateOf" FROM posts
       WHERE imported_from = $1 AND type = 'question' AND deleted_at IS NULL AND hidden_at IS NULL ORDER BY id`,
      [site],
    )) as Question[];
  } finally {
    await data.destroy();
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export async function relevance(dirs: string[]): Promise<void> {
  const dataDir = resolve(process.env.BENCH_DATA_DIR ?? join(PROJECT_ROOT, '.data-relevance'));
  const rows: RelevanceFigures[] = [];
  const notes: string[] = [];
  for (const raw of dirs) {
    const dir = resolve(raw);
    const site = basename(dir);
    const db = await startEmbeddedPostgres(dataDir, { database: `relevance_${site.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}` });
    try {
      const questions = await imported(db, dir, site);
      const data = new DataSource({ type: 'postgres', url: db.url });
      await data.initialize();
      try {
        const index: SearchIndex = process.env.MEILI_HOST ? new MeilisearchIndex(process.env.MEILI_HOST, process.env.MEILI_API_KEY) : new PostgresSearchIndex(data);
        const sharedTitles = questions.length - new Set(questions.map((q) => q.title.toLowerCase())).size;
        if (sharedTitles) notes.push(`${site}: ${sharedTitles} questions share their exact title with another; known-item search cannot put both first.`);
        for (const shape of SHAPES) {
          const figures = await measure(index, site, shape, questions);
          rows.push(figures);
          console.log(`${site} · ${figures.engine} · ${shape.name}: recall@5 ${pct(figures.recallAt5)}, recall@10 ${pct(figures.recallAt10)}, MRR@10 ${figures.mrrAt10.toFixed(3)} (${figures.duplicates} duplicates); known-item@1 ${pct(figures.knownItemAt1)} (${figures.questions}); typo@3 ${pct(figures.typoAt3)} (${figures.typos}); median ${figures.medianMs.toFixed(1)} ms`);
        }
      } finally {
        await data.destroy();
      }
    } finally {
      await db.stop();
    }
  }
  const lines = [
    `Relevance on real communities (${cpus().length} cores; ranks count threads; duplicates from PostLinks type 3 as imported).`,
    '',
    '| site | engine | query shape | duplicates | recall@5 | recall@10 | MRR@10 | known-item@1 | typo@3 | median ms |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.site} | ${r.engine} | ${r.shape} | ${r.duplicates} | ${pct(r.recallAt5)} | ${pct(r.recallAt10)} | ${r.mrrAt10.toFixed(3)} | ${pct(r.knownItemAt1)} (${r.questions}) | ${pct(r.typoAt3)} (${r.typos}) | ${r.medianMs.toFixed(1)} |`),
    ...notes.flatMap((note) => ['', note]),
  ];
  mkdirSync(join(PROJECT_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, 'bench/results/relevance.md'), lines.join('\n') + '\n');
  writeFileSync(join(PROJECT_ROOT, 'bench/results/relevance.json'), JSON.stringify(rows, null, 2));
  console.log(`\n${lines.join('\n')}`);
}
