// `npm run bench -- --relevance DIR [--relevance DIR2]`: relevance on Stack Exchange dumps instead (bench/relevance.ts).
// `npm run bench [-- --posts N] [-- --growth] [-- --soak MINUTES]`: seeds to scale if needed, starts
// the app in production mode and the ceiling app, drives both with autocannon from this process,
// and writes bench/results/latest.{json,md}. Numbers are medians of three rounds after a warm-up.
// `-- --instances N`: the page scenarios through a reverse proxy in front of N instances instead
// (bench/results/instances-N.{json,md}); see bench/instances.ts.
import autocannon from 'autocannon';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { freePort, startEmbeddedPostgres, type RunningDatabase } from '../src/database/embedded-postgres.js';
import { runMigrations } from '../src/database/open-database.js';
import { serverArgs, startInstances } from './instances.js';
import { relevance } from './relevance.js';
import { RESULTS_CACHE } from '../src/search/search.service.js';

const { values } = parseArgs({
  options: { posts: { type: 'string' }, growth: { type: 'boolean' }, seconds: { type: 'string' }, connections: { type: 'string' }, soak: { type: 'string' }, instances: { type: 'string' }, relevance: { type: 'string', multiple: true }, search: { type: 'boolean' }, corpus: { type: 'string' } },
});
const SECONDS = Number(values.seconds ?? 10);
const CONNECTIONS = Number(values.connections ?? 32);
/** The page cache's time-to-live as the bench runs the app (its default, PAGE_CACHE_TTL_SECONDS). */
const PAGE_CACHE_TTL_SECONDS = 60;
const INSTANCES = Number(values.instances ?? 1);
/** Titles drawn for each list of benchmark searches: more than the app keeps results for (2,000). */
const SEARCH_QUERIES = 5_000;
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(PROJECT_ROOT, '.data-bench'));

interface Figures {
  scenario: string;
  posts: number;
  rps: number;
  p50: number;
  /** Over every response of the three rounds (autocannon reports no p95; measured where the goals name it). */
  p95?: number;
  p97_5: number;
  p99: number;
  /** 4xx and 5xx responses, errors and timeouts over all rounds. */
  failed: number;
  ratioToCeiling?: number;
  sqlPerRequest?: number;
  rssMb?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One autocannon run, with every response's latency (for percentiles autocannon does not report). */
function cannon(options: autocannon.Options, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolvePromise(result)));
    if (latencies) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
}

async function load(url: string, requests?: autocannon.Request[], warmUpSeconds = 2, afterWarmUp?: () => Promise<void>) {
  const rounds: autocannon.Result[] = [];
  const latencies: number[] = [];
  await autocannon({ url, connections: CONNECTIONS, duration: warmUpSeconds, requests } as autocannon.Options);
  await afterWarmUp?.();
  for (let i = 0; i < 3; i++) rounds.push(await cannon({ url, connections: CONNECTIONS, duration: SECONDS, requests } as autocannon.Options, latencies));
  latencies.sort((a, b) => a - b);
  return {
    p95: latencies.length ? Math.round(latencies[Math.floor(latencies.length * 0.95)]!) : undefined,
    rps: median(rounds.map((r) => r.requests.average)),
    p50: median(rounds.map((r) => r.latency.p50)),
    p97_5: median(rounds.map((r) => r.latency.p97_5)),
    p99: median(rounds.map((r) => r.latency.p99)),
    // 304s answer conditional GETs: they count as served, not failed.
    failed: rounds.reduce((sum, r) => sum + r['4xx'] + r['5xx'] + r.errors + r.timeouts, 0),
    requests: rounds.reduce((sum, r) => sum + r.requests.total, 0),
  };
}

/** Requests that go round a list of paths, each with its own headers. */
const rotateWith = (requests: { path: string; headers: Record<string, string> }[]): autocannon.Request[] => {
  let i = 0;
  return [{ setupRequest: (req) => { const next = requests[i++ % requests.length]!; return { ...req, path: next.path, headers: { ...req.headers, ...next.headers } }; } }];
};

/** Paths drawn with a Zipf popularity (s = 1): the k-th path is read 1/k as often as the first; a fixed seed. */
const zipf = (paths: string[], headers: Record<string, string> = {}): autocannon.Request[] => {
  const cumulative = new Float64Array(paths.length);
  let total = 0;
  for (let k = 0; k < paths.length; k++) cumulative[k] = total += 1 / (k + 1);
  let state = 20_260_001;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return [{
    setupRequest: (req) => {
      const target = random() * total;
      let lo = 0;
      let hi = paths.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      return { ...req, path: paths[lo]!, headers: { ...req.headers, ...headers } };
    },
  }];
};

/** The ETag of each page, read once as an anonymous reader. */
async function etagsOf(base: string, paths: string[]): Promise<[string, string][]> {
  const pairs: [string, string][] = [];
  for (const path of paths) {
    const etag = (await fetch(base + path)).headers.get('etag');
    if (etag) pairs.push([path, etag]);
  }
  return pairs;
}

/** A member's session cookie, signed in through the login form as a browser would. */
async function signIn(base: string, username: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const first = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first },
    body: new URLSearchParams({ username, password: 'seeded-member', _csrf: token }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || first;
  if (login.status !== 302) throw new Error(`signing in as ${username} answered ${login.status}`);
  await fetch(`${base}/`, { headers: { cookie } }); // the welcome flash, shown once
  return cookie;
}

/** Waiting jobs, and votes' changes waiting for the sweep that turns them into jobs. */
const PENDING_WORK = `SELECT ((SELECT count(*) FROM pgboss.job WHERE state < 'active') + (SELECT count(*) FROM vote_changes))::int AS n`;

/** Jobs the write scenarios left, and how long the app's workers take to clear them. */
async function backlogDrain(sql: pg.Client): Promise<string> {
  const count = async () => (await sql.query(PENDING_WORK)).rows[0].n as number;
  const left = await count();
  const started = Date.now();
  for (let i = 0; i < 600 && (await count()) > 0; i++) await new Promise((r) => setTimeout(r, 1000));
  const remaining = await count();
  return `the job backlog after the write scenarios was ${left.toLocaleString('en')} jobs and vote changes; ${remaining === 0 ? `drained in ${Math.round((Date.now() - started) / 1000)} s` : `${remaining} still waiting after 600 s`}.`;
}

const rotate = (paths: string[]): autocannon.Request[] => {
  let i = 0;
  return [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }];
};

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Math.round(Number(line?.match(/\d+/)?.[0] ?? 0) / 1024);
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

/** Vacuums what seeding left and waits for autovacuum to finish, so no scenario shares the machine with it. */
async function quiesce(sql: pg.Client): Promise<void> {
  await sql.query('VACUUM (ANALYZE)');
  for (let i = 0; i < 600; i++) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Lets the app's workers finish jobs an earlier run left (votes' re-indexing), so no scenario pays for them; true if there were any. */
async function jobsDone(sql: pg.Client): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    const { rows } = await sql.query(PENDING_WORK);
    if (rows[0].n === 0) return i > 0;
    if (i % 30 === 0) console.log(`waiting for ${rows[0].n} jobs left by an earlier run…`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return true;
}

async function main(): Promise<void> {
  const scales = values.growth ? [10_000, 100_000, 1_000_000] : [Number(values.posts ?? 1_000_000)];
  const db: RunningDatabase = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, owned: false, stop: async () => undefined }
    : await startEmbeddedPostgres(DATA_DIR);
  await runMigrations(db.url);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
  const env = { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), RATE_LIMITS: 'off', LOG_LEVEL: 'error', SEED_DEMO: 'false', DATA_DIR };

  const ceilingPort = await freePort();
  const ceiling = fork(join(PROJECT_ROOT, 'dist/bench/ceiling.js'), { env: { ...env, PORT: String(ceilingPort) }, stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${ceilingPort}/questions/1/x`);
  const results: Figures[] = [];
  const notes: string[] = [];

  for (const posts of scales) {
    const [{ n }] = (await sql.query(`SELECT count(*)::int AS n FROM posts`)).rows;
    if (n < posts) {
      console.log(`seeding ${posts - n} posts…`);
      const corpus = corpusDirs();
      await run('node', ['dist/src/cli.js', 'seed:bulk', '--posts', String(posts - n), '--seed', String(posts), ...(corpus.length ? ['--corpus', corpus.join(',')] : [])], env);
    }
    await quiesce(sql);
    // Measured at each scale just before the pages compared with it, on the same quiet machine.
    const { requests: _, ...ceilingFigures } = await load(`http://127.0.0.1:${ceilingPort}/questions/1/x`);
    results.push({ scenario: 'ceiling (constant thread page, no database)', posts, ...ceilingFigures });
    console.log(`ceiling @ ${posts}: ${ceilingFigures.rps.toFixed(0)} req/s, p99 ${ceilingFigures.p99} ms`);

    if (INSTANCES > 1) {
      notes.push(...(await behindProxy(sql, env, posts, ceilingFigures.rps, results)));
      continue;
    }
    notes.push(`${posts.toLocaleString('en')} posts: ${await corpusNote(sql)}`);

    const port = await freePort();
    const app: ChildProcess = spawn(process.execPath, serverArgs(), { cwd: PROJECT_ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/healthz`);
    if (await jobsDone(sql)) await quiesce(sql);
    try {
      const threads = (await sql.query(`SELECT '/questions/' || id || '/' || slug AS path FROM posts WHERE type = 'question' AND deleted_at IS NULL ORDER BY random() LIMIT 2000`)).rows.map((r) => r.path as string);
      const [{ tag }] = (await sql.query(`SELECT name AS tag FROM tags ORDER BY question_count DESC LIMIT 1`)).rows;
      const [{ username }] = (await sql.query(`SELECT username FROM users ORDER BY reputation DESC LIMIT 1`)).rows;
      const voters = await tokensForVoters(sql, 500);
      const answers = (await sql.query(
        `SELECT id FROM posts WHERE type = 'answer' AND deleted_at IS NULL AND author_id <> ALL($1) ORDER BY random() LIMIT 5000`,
        [voters.map((voter) => voter.id)],
      )).rows as { id: number }[];
      const hot = answers[0]!;

      const scenario = async (name: string, url: string, requests?: autocannon.Request[], page = false, warmUpSeconds?: number) => {
        // Counted from the end of the warm-up: statements per request of the measured rounds only.
        let before: number | undefined;
        const figures = await load(url, requests, warmUpSeconds, async () => void (before = await statements(sql)));
        const after = await statements(sql);
        const row: Figures = {
          scenario: name, posts, rps: figures.rps, p50: figures.p50, p95: figures.p95, p97_5: figures.p97_5, p99: figures.p99, failed: figures.failed,
          ratioToCeiling: page ? figures.rps / ceilingFigures.rps : undefined,
          sqlPerRequest: after !== undefined && before !== undefined ? (after - before) / Math.max(1, figures.requests) : undefined,
          rssMb: rssMb(app.pid!),
        };
        results.push(row);
        console.log(`${name} @ ${posts}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms, p97.5 ${row.p97_5} ms, p99 ${row.p99} ms, failed ${row.failed}, SQL/req ${row.sqlPerRequest?.toFixed(1)}`);
      };

      const searches = await searchQueries(sql);
      const fresh = await searchQueries(sql, searches);
      // Popular searches repeat (Zipf, as search logs do) and are answered from the app's cache of
      // identical queries, measured once it holds what one time-to-live of that traffic leaves (as
      // on a live site); the "every query new" rows go round other queries, more than the cache
      // holds, so each is a miss: what a search costs the database.
      const searchScenarios = async () => {
        const api = (list: string[]) => list.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`);
        const typed = (list: string[]) => list.map((q) => `/api/v1/search/similar?title=${encodeURIComponent(q)}`);
        const steady = RESULTS_CACHE.ttlMs / 1000;
        await scenario('search API (every query new: no cache)', base, rotate(api(fresh.search)), true);
        await scenario('ask-page suggestions (every title new: no cache)', base, rotate(typed(fresh.similar)), true);
        await scenario(`search API (Zipf over ${searches.search.length.toLocaleString('en')} queries from seeded titles)`, base, zipf(api(searches.search)), true, steady);
        await scenario('search page (the same, Zipf)', base, zipf(searches.search.map((q) => `/search?q=${encodeURIComponent(q)}`)), true, steady);
        await scenario(`ask-page suggestions (Zipf over ${searches.similar.length.toLocaleString('en')} titles as typed)`, base, zipf(typed(searches.similar)), true, steady);
      };
      if (values.search) {
        await searchScenarios();
        continue;
      }

      if (values.soak) {
        // A soak instead of the scenarios: does memory or latency grow over a long run?
        notes.push(await soak(base, app.pid!, threads, Number(values.soak)));
        continue;
      }
      await scenario('thread page (anonymous, 2000 threads)', base, rotate(threads), true);
      if (!values.growth) {
        // What real traffic looks like: a few threads read a lot, a long tail read rarely, by browsers
        // (which take gzip), measured once the page cache holds what a time-to-live of it leaves.
        const popular = (await sql.query(`SELECT '/questions/' || id || '/' || slug AS path FROM posts WHERE type = 'question' AND deleted_at IS NULL ORDER BY random() LIMIT 100000`)).rows.map((r) => r.path as string);
        await scenario(`thread page (anonymous, Zipf over ${popular.length.toLocaleString('en')} threads, gzip)`, base, zipf(popular, { 'accept-encoding': 'gzip, deflate, br' }), true, PAGE_CACHE_TTL_SECONDS);
        const etags = await etagsOf(base, threads.slice(0, 500));
        await scenario('thread page (anonymous, conditional GET → 304)', base, rotateWith(etags.map(([path, etag]) => ({ path, headers: { 'if-none-match': etag } }))), true);
        const cookie = await signIn(base, username);
        const signedIn = (paths: string[]) => paths.map((path) => ({ path, headers: { cookie } }));
        // Rendered for the member: each of 100,000 threads read once in the row, so no body kept for
        // their audience is read again (the pages themselves, with nothing shared).
        await scenario('thread page (signed-in member, every read a render: 100,000 threads)', base, rotateWith(signedIn(popular)), true);
        // As members read: the popular threads again and again, their bodies shared with the member's audience.
        await scenario(`thread page (signed-in member, Zipf over ${popular.length.toLocaleString('en')} threads)`, base, zipf(popular, { cookie }), true, PAGE_CACHE_TTL_SECONDS);
        await scenario('question list: newest (signed-in member, shared body)', base, rotateWith(signedIn(['/questions'])), true);
        // Rendered for the member: a different place in the list on each read (a cursor), none read twice in the row.
        const cursors = (await sql.query(`SELECT id FROM posts WHERE type = 'question' AND deleted_at IS NULL AND hidden_at IS NULL ORDER BY random() LIMIT 20000`)).rows.map((r) => `/questions?after=${r.id}`);
        await scenario('question list: by cursor (signed-in member, every read a render: 20,000 places)', base, rotateWith(signedIn(cursors)), true);
        await scenario('question list: deep page (200, signed-in member, shared body)', base, rotateWith(signedIn(['/questions?page=200'])), true);
        // Page 200 as the pager reaches it since keyset pagination: after the last question of page 199 (or of the list, if shorter).
        const [{ id: after }] = (await sql.query(`SELECT id FROM (SELECT id, created_at FROM posts WHERE type = 'question' AND deleted_at IS NULL AND hidden_at IS NULL
          ORDER BY created_at DESC, id DESC LIMIT ${199 * 30}) page ORDER BY created_at, id LIMIT 1`)).rows;
        await scenario('question list: deep page (200 by cursor, signed-in member, shared body)', base, rotateWith(signedIn([`/questions?after=${after}`])), true);
        // Their own profile: never shared (it links to their tokens), rendered on every read.
        await scenario('user profile (the top member, signed in as them)', base, rotateWith(signedIn([`/users/${username}`])), true);
      }
      await scenario('question list: newest', `${base}/questions`, undefined, true);
      await scenario('question list: unanswered', `${base}/questions?sort=unanswered`, undefined, true);
      await scenario(`question list: tag ${tag}`, `${base}/tags/${tag}`, undefined, true);
      await scenario('question list: deep page (200)', `${base}/questions?page=200`, undefined, true);
      if (!values.growth) await scenario('user profile (the top member)', `${base}/users/${username}`, undefined, true);
      await searchScenarios();

      const vote = (answerOf: (k: number) => number, valueOf: (k: number) => number, voterOf = (k: number) => k % voters.length): autocannon.Request[] => {
        let i = 0;
        return [{
          method: 'POST',
          setupRequest: (req) => {
            const k = i++;
            return { ...req, path: `/api/v1/answers/${answerOf(k)}/vote`, headers: { 'content-type': 'application/json', authorization: `Bearer ${voters[voterOf(k)]!.token}` }, body: JSON.stringify({ value: valueOf(k) }) };
          },
        }];
      };
      // Spread: request k goes to answer k mod 5000 from member (k + ⌊k / 5000⌋) mod 500: consecutive
      // requests hit different answers, and no (member, answer) pair repeats for 2.5 million requests.
      const pairs = voters.length * answers.length;
      await scenario('upvotes spread over answers', base, vote(
        (k) => answers[k % answers.length]!.id,
        (k) => (Math.floor(k / pairs) % 2 === 0 ? 1 : 0),
        (k) => (k + Math.floor(k / answers.length)) % voters.length,
      ));
      await scenario('upvotes on one hot answer', base, vote(() => hot.id, (k) => (Math.floor(k / voters.length) % 2 === 0 ? 1 : 0)));
      if (!values.growth) {
        let k = 0;
        await scenario('new answers', base, [{
          method: 'POST',
          setupRequest: (req) => ({ ...req, path: `${threads[k % threads.length]!.replace(/^\/questions\/(\d+).*/, '/api/v1/questions/$1/answers')}`, headers: { 'content-type': 'application/json', authorization: `Bearer ${voters[k++ % voters.length]!.token}` }, body: JSON.stringify({ body: `A benchmark answer that is long enough to be valid, number ${k}.` }) }),
        }]);
        await scenario('login (argon2id)', `${base}/api/v1/tokens`, [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'seeded-member' }) }]);
      }
      notes.push(`${posts.toLocaleString('en')} posts, after the write scenarios: ${await exactness(sql)}`);
      notes.push(`${posts.toLocaleString('en')} posts: ${await backlogDrain(sql)}`);
      console.log(notes[notes.length - 1]);
    } finally {
      app.kill('SIGINT');
      await new Promise((r) => app.once('exit', r));
    }
  }
  ceiling.kill('SIGINT');
  await sql.end();
  await db.stop();
  report(results, notes);
}

/**
 * The page scenarios against one instance directly, then through the proxy in front of all of
 * them, and checks that they act as one site. On a machine with fewer cores than instances plus
 * PostgreSQL this shows correctness and the proxy's overhead, not a speed-up.
 */
async function behindProxy(sql: pg.Client, env: NodeJS.ProcessEnv, posts: number, ceiling: number, results: Figures[]): Promise<string[]> {
  const cluster = await startInstances(INSTANCES, env, waitFor);
  const notes: string[] = [];
  try {
    if (await jobsDone(sql)) await quiesce(sql);
    const threads = (await sql.query(`SELECT '/questions/' || id || '/' || slug AS path FROM posts WHERE type = 'question' AND deleted_at IS NULL ORDER BY random() LIMIT 2000`)).rows.map((r) => r.path as string);
    const [{ tag }] = (await sql.query(`SELECT name AS tag FROM tags ORDER BY question_count DESC LIMIT 1`)).rows;
    const rss = () => cluster.pids.reduce((sum, pid) => sum + rssMb(pid), 0);
    const pages: [string, string, autocannon.Request[] | undefined][] = [
      ['thread page (anonymous, 2000 threads)', '', rotate(threads)],
      ['question list: newest', '/questions', undefined],
      [`question list: tag ${tag}`, `/tags/${tag}`, undefined],
      ['search (PostgreSQL)', '', rotate(['router', 'printer offline', 'export csv'].map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`))],
    ];
    for (const [name, path, requests] of pages) {
      for (const [label, base] of [['one instance, direct', cluster.direct[0]!], [`${INSTANCES} instances behind the proxy`, cluster.base]] as const) {
        cluster.resetServed();
        const figures = await load(`${base}${path}`, requests);
        const row: Figures = {
          scenario: `${name} — ${label}`, posts, rps: figures.rps, p50: figures.p50, p97_5: figures.p97_5, p99: figures.p99, failed: figures.failed,
          ratioToCeiling: name.startsWith('search') ? undefined : figures.rps / ceiling, rssMb: rss(),
        };
        results.push(row);
        const spread = base === cluster.base ? `, served ${cluster.served().join(' / ')}` : '';
        console.log(`${row.scenario} @ ${posts}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, failed ${row.failed}${spread}`);
        if (spread) notes.push(`${name}: the proxy sent ${cluster.served().join(' / ')} requests to the ${INSTANCES} instances.`);
      }
    }
    notes.push(await oneSite(sql, cluster.base, cluster.direct, threads[0]!));
  } finally {
    await cluster.stop();
  }
  notes.push(
    `On this machine (${cpus().length} cores shared by ${INSTANCES} instances, PostgreSQL, the proxy and autocannon) the figures show `
      + 'correctness and the overhead of the proxy and of more processes, not a speed-up: each instance is one Node process on one core, '
      + 'so instances add throughput only where each has a core of its own (docs/scaling.md).',
  );
  return notes;
}

/** A member signed in through the proxy stays signed in whichever instance answers, and a thread reads the same everywhere. */
async function oneSite(sql: pg.Client, proxy: string, direct: string[], thread: string): Promise<string> {
  const [{ username }] = (await sql.query(`SELECT username FROM users ORDER BY reputation DESC LIMIT 1`)).rows;
  const loginPage = await fetch(`${proxy}/login`);
  const cookie = (loginPage.headers.getSetCookie().find((c) => c.startsWith('ab.sid=')) ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '';
  const login = await fetch(`${proxy}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ username, password: 'seeded-member', _csrf: csrf }),
  });
  const session = (login.headers.getSetCookie().find((c) => c.startsWith('ab.sid=')) ?? cookie).split(';')[0]!;
  let signedIn = 0;
  const tries = 10;
  for (let i = 0; i < tries; i++) {
    const page = await (await fetch(`${proxy}/`, { headers: { cookie: session } })).text();
    if (page.includes(`class="viewer">${username}`)) signedIn += 1;
  }
  const bodies = await Promise.all(direct.map(async (base) => (await (await fetch(`${base}${thread}`)).text()).replace(/name="_csrf" value="[^"]+"/g, '')));
  const same = bodies.every((body) => body.length === bodies[0]!.length);
  return `One site: signed in through the proxy, ${signedIn} of ${tries} pages (spread over the instances) showed the member signed in; `
    + `the same thread page read from each instance directly was ${same ? 'the same size on each' : 'different sizes (' + bodies.map((b) => b.length).join(' / ') + ' bytes)'}.`;
}

/**
 * Stack Exchange dumps whose word frequencies seeded text follows: --corpus DIR[,DIR] or
 * BENCH_CORPUS, else the shared dumps beside the project when present; none → the built-in vocabulary.
 */
function corpusDirs(): string[] {
  const listed = values.corpus ?? process.env.BENCH_CORPUS;
  if (listed) return listed.split(',').map((dir) => resolve(dir));
  const shared = resolve(PROJECT_ROOT, '..', 'shared', 'datasets', 'stackexchange');
  return existsSync(shared) ? readdirSync(shared).map((dir) => join(shared, dir)).filter((dir) => existsSync(join(dir, 'Posts.xml'))) : [];
}

/** How many documents the most common title words match: what a one-word search has to rank. */
async function corpusNote(sql: pg.Client): Promise<string> {
  const { rows: [docs] } = await sql.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE kind = 'question')::int AS questions FROM search_documents`);
  const { rows } = await sql.query(`SELECT e.lexeme, round(e.share::numeric * 100, 1) AS pct
    FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems, 1)]) AS e(lexeme, share)
    WHERE s.tablename = 'search_documents' AND s.attname = 'tsv' ORDER BY e.share DESC LIMIT 5`);
  return `the search index holds ${docs.n.toLocaleString('en')} documents (${docs.questions.toLocaleString('en')} questions); the most common words are in `
    + `${rows.map((r) => `${r.pct} % (${r.lexeme})`).join(', ')} of them.`;
}

const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'does', 'for', 'from', 'how', 'i', 'in', 'is', 'it', 'my', 'of', 'on', 'or', 'the', 'this', 'to', 'what', 'when', 'why', 'with', 'not', 'there', 'which', 'if', 'that', 'we', 'you', 'me', 'get', 'using', 'use', 'way', 'any']);

/**
 * What users type, drawn from the seeded questions' own titles (a fixed sample, in a fixed order):
 * whole titles, two- and three-word fragments and single common words, in equal parts, for
 * search; titles as typed (their first three to eight words) for the ask page's suggestions. Each
 * list holds more distinct queries than the app's cache of results (RESULTS_CACHE.entries), so
 * going round it never repeats a kept query; `besides` asks for lists none of whose queries it has:
 * from another sample of titles, or on a community too small for one, from every fragment of the
 * same titles that `besides` does not ask.
 */
async function searchQueries(sql: pg.Client, besides?: SearchQueries): Promise<SearchQueries> {
  const sample = async (offset: number) => (await sql.query(
    `SELECT title FROM posts WHERE type = 'question' AND deleted_at IS NULL ORDER BY hashint4(id) LIMIT $1 OFFSET $2`, [SEARCH_QUERIES * 2, offset],
  )).rows.map((r) => r.title as string);
  if (besides) {
    const other = await sample(SEARCH_QUERIES * 2);
    return other.length >= SEARCH_QUERIES * 2 ? queriesFrom(other, besides) : everyFragment(await sample(0), besides);
  }
  return queriesFrom(await sample(0));
}
interface SearchQueries { search: string[]; similar: string[] }

const wordsOf = (title: string) => title.split(/\s+/).map((w) => w.replace(/[?.,!:;"()]+$/g, '').replace(/^[("]+/, '')).filter(Boolean);
const typedTitle = (title: string, words: number) => wordsOf(title).slice(0, words).join(' ').slice(0, 150);
const unseen = (list: Iterable<string>, seen: string[] = []) => {
  const asked = new Set(seen);
  return [...new Set(list)].filter((q) => q && !asked.has(q)).slice(0, SEARCH_QUERIES);
};

function queriesFrom(titles: string[], besides?: SearchQueries): SearchQueries {
  const counts = new Map<string, number>();
  for (const title of titles.slice(0, 400)) for (const word of new Set(wordsOf(title).map((w) => w.toLowerCase()))) if (!STOP_WORDS.has(word) && word.length > 2) counts.set(word, (counts.get(word) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([word]) => word);
  const half = Math.ceil(titles.length / 2);
  const search = titles.slice(0, half).map((title, i) => {
    const words = wordsOf(title);
    const at = i % Math.max(1, words.length - 2);
    if (i % 4 === 0) return title;
    if (i % 4 === 1) return words.slice(at, at + 2).join(' ');
    if (i % 4 === 2) return words.slice(at, at + 3).join(' ');
    return common[i % common.length] ?? words[0]!;
  });
  const similar = titles.slice(half).map((title, i) => typedTitle(title, 3 + (i % 6)));
  return { search: unseen(search, besides?.search), similar: unseen(similar, besides?.similar) };
}

/** Every two- and three-word fragment of the titles, and every way of typing them, but those `besides` asks. */
function everyFragment(titles: string[], besides: SearchQueries): SearchQueries {
  const fragments = titles.flatMap((title) => {
    const words = wordsOf(title);
    return words.flatMap((_, at) => [words.slice(at, at + 2), words.slice(at, at + 3)].filter((w) => w.length > 1).map((w) => w.join(' ')));
  });
  const typed = [3, 4, 5, 6, 7, 8].flatMap((words) => titles.map((title) => typedTitle(title, words)));
  return { search: unseen(fragments, besides.search), similar: unseen(typed, besides.similar) };
}

async function statements(sql: pg.Client): Promise<number | undefined> {
  return sql.query(`SELECT sum(calls)::bigint AS n FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'`).then((r) => Number(r.rows[0].n), () => undefined);
}

/** Whether every vote the scenarios cast is counted once: scores against votes, reputation against the ledger, for the posts and members touched. */
async function exactness(sql: pg.Client): Promise<string> {
  const { rows: [scores] } = await sql.query(`
    SELECT count(*)::int AS posts, count(*) FILTER (WHERE p.score <> COALESCE(v.total, 0))::int AS wrong
    FROM posts p LEFT JOIN (SELECT post_id, sum(value) AS total FROM votes GROUP BY post_id) v ON v.post_id = p.id
    WHERE p.id IN (SELECT post_id FROM votes WHERE updated_at > now() - interval '1 hour')`);
  const { rows: [members] } = await sql.query(`
    SELECT count(*)::int AS members, count(*) FILTER (WHERE u.reputation <> 1 + COALESCE(l.total, 0))::int AS wrong
    FROM users u LEFT JOIN (SELECT user_id, sum(amount) AS total FROM reputation_entries GROUP BY user_id) l ON l.user_id = u.id
    WHERE u.id IN (SELECT user_id FROM reputation_entries WHERE created_at > now() - interval '1 hour')`);
  return `scores match votes on ${scores.posts - scores.wrong} of ${scores.posts} voted posts; reputation matches the ledger for ${members.members - members.wrong} of ${members.members} members.`;
}

/** Thread pages and votes together for `minutes`: resident memory and p99 each minute should stay flat. */
async function soak(base: string, pid: number, threads: string[], minutes: number): Promise<string> {
  const samples: string[] = [];
  for (let minute = 1; minute <= minutes; minute++) {
    const result = await autocannon({ url: base, connections: CONNECTIONS, duration: 60, requests: rotate(threads) } as autocannon.Options);
    samples.push(`${minute}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${rssMb(pid)} MB`);
    console.log(`soak minute ${samples[samples.length - 1]}`);
  }
  return `Soak (thread pages, ${minutes} min, per minute): ${samples.join('; ')}.`;
}

/** API tokens for members allowed to upvote, written straight into the database for the benchmark. */
async function tokensForVoters(sql: pg.Client, count: number): Promise<{ id: number; token: string }[]> {
  const { rows } = await sql.query(`SELECT id FROM users WHERE reputation >= 15 AND suspended_until IS NULL ORDER BY id LIMIT $1`, [count]);
  const voters: { id: number; token: string }[] = [];
  for (const { id } of rows) {
    const token = `ab_${randomBytes(24).toString('base64url')}`;
    await sql.query(`INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, 'bench', $2)`, [id, createHash('sha256').update(token).digest('hex')]);
    voters.push({ id, token });
  }
  return voters;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

function report(results: Figures[], notes: string[]): void {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '–' : n.toFixed(digits));
  const lines = [
    `Machine: ${machine}; ${CONNECTIONS} connections; median of 3 × ${SECONDS} s after a warm-up.`,
    '',
    '| scenario | posts | req/s | p50 ms | p95 ms | p97.5 ms | p99 ms | failed | × ceiling | SQL/req | RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.scenario} | ${r.posts.toLocaleString('en')} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p97_5)} | ${fmt(r.p99)} | ${r.failed} | ${r.ratioToCeiling === undefined ? '–' : `${(r.ratioToCeiling * 100).toFixed(0)} %`} | ${fmt(r.sqlPerRequest, 1)} | ${fmt(r.rssMb)} |`),
    ...notes.flatMap((note) => ['', note]),
  ];
  mkdirSync(join(PROJECT_ROOT, 'bench/results'), { recursive: true });
  const name = INSTANCES > 1 ? `instances-${INSTANCES}` : values.search ? (values.growth ? 'search-growth' : 'search') : values.growth ? 'growth' : values.soak ? 'soak' : 'latest';
  writeFileSync(join(PROJECT_ROOT, `bench/results/${name}.json`), JSON.stringify({ machine, connections: CONNECTIONS, seconds: SECONDS, results, notes }, null, 2));
  writeFileSync(join(PROJECT_ROOT, `bench/results/${name}.md`), lines.join('\n') + '\n');
  console.log(`\n${lines.join('\n')}`);
}

(values.relevance ? relevance(values.relevance) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
