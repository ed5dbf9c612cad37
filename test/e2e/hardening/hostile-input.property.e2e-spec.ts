import fc from 'fast-check';
import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { createUser, csrfOf, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

/**
 * The hostile-input property: every operation of the app's own OpenAPI document and every page
 * route of its router, sent hostile values for each parameter and field (wrong types, huge and
 * negative numbers, NUL, lone surrogates, 100 KB strings, deep nesting, duplicate keys, unknown
 * fields), never answers with a 5xx, answers the API with JSON errors, and a refused request
 * (4xx) writes nothing. Runs are bounded (API_RUNS per operation, PAGE_RUNS per page route) to keep the suite short.
 */
const API_RUNS = 6;
const PAGE_RUNS = 3;

/**
 * Tables a request could write; sessions, job and search-log bookkeeping and batched view counts are
 * not content, and the security log records refused attempts (a failed sign-in, a wrong code) by design.
 */
const IGNORED_TABLES = new Set(['session', 'migrations', 'post_views', 'search_queries', 'security_events']);

/** Authenticating with a token stamps its last use (a hint for its owner), whatever the request then does. */
const COUNT_ONLY = new Set(['api_tokens']);

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' }[];
  bodyFields?: string[];
}

const tally = { requests: 0, refused: 0, operations: 0, pageRoutes: 0 };

/**
 * A fixed seed by default, so the suite (and CI) asks the same questions every run; exploring
 * other inputs: HOSTILE_SEED=random (or a number) — the seed is printed, a failure names it.
 */
const SEED = process.env.HOSTILE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.HOSTILE_SEED ?? 20_261_203);

describe('hostile input, on every API operation and page route', () => {
  let t: TestApp;
  let token: string;
  let adminName: string;
  let realId: string;
  let agent: Awaited<ReturnType<typeof signedInAgent>>;
  let csrf: string;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createUser(t, { role: 'admin', reputation: 5000 });
    adminName = admin.username;
    const other = await createUser(t);
    const question = await askQuestion(t, other, { tags: ['hostile'] });
    await postAnswer(t, other, question.id);
    realId = String(question.id);
    token = await tokenFor(t, adminName);
    agent = await signedInAgent(t, adminName);
    csrf = await csrfOf(agent);
    tables = (
      await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)
    )
      .map((row: { table_name: string }) => row.table_name)
      .filter((name: string) => !IGNORED_TABLES.has(name));
  });
  afterAll(async () => {
    // The figures for the note (docs/hardening.md).
    console.log(`hostile input (seed ${SEED}): ${tally.requests} requests over ${tally.operations} API operations and ${tally.pageRoutes} page routes; ${tally.refused} refused with a 4xx`);
    await t.close();
  });

  /** Row count and newest row version of each table: an insert, update or delete changes it. */
  async function fingerprint(): Promise<string> {
    const sql = tables
      .map((name) => `SELECT '${name}' AS t, count(*) AS n, ${COUNT_ONLY.has(name) ? 'NULL' : 'max(xmin::text::bigint)'} AS x FROM "${name}"`)
      .join(' UNION ALL ');
    return JSON.stringify(await t.db.query(sql));
  }

  const hugeText = 'x'.repeat(100_000);
  /** Hostile text for an address segment or a query value. */
  const hostileText = (): fc.Arbitrary<string> =>
    fc.oneof(
      fc.constantFrom('2147483648', '-1', '0', '1e20', '99999999999999999999', 'NaN', 'Infinity', '-2147483649', '1.5', '0x10', '', ' ', 'a\u0000b', '\u0000', '\ud800', '\udfff x', '%', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", 'true', 'null', '[]', '{}', 'ü'.repeat(300)),
      fc.constant(realId),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.integer().map(String),
      fc.bigInt().map(String),
    );
  /** Hostile JSON values for a body field. */
  const hostileJson = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      hostileText(),
      fc.constant(hugeText),
      fc.constant(Number(realId)),
      fc.constantFrom(2147483648, -1, 0, 1e20, -1e308, 1.5, true, false, null, [], {}, ['\u0000'], { nested: { deeper: ['\ud800'] } }),
      fc.integer(),
      fc.double(),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 30 }),
      fc.object({ maxDepth: 3 }),
    );

  /** A JSON body: some of the operation's fields hostile, perhaps unknown fields, a duplicate key or deep nesting. */
  function hostileBody(fields: string[]): fc.Arbitrary<string> {
    const known = fc.record(Object.fromEntries(fields.map((f) => [f, hostileJson()])), { requiredKeys: [] });
    return fc
      .tuple(known, fc.option(fc.dictionary(fc.string({ maxLength: 8 }), hostileJson(), { maxKeys: 3 })), fc.constantFrom('plain', 'duplicate', 'deep', 'scalar'))
      .map(([body, extra, shape]) => {
        const json = JSON.stringify({ ...body, ...(extra ?? {}) });
        if (shape === 'duplicate' && fields[0]) return `{"${fields[0]}": "\\u0000", ${json.slice(1)}`.replace(/, }$/, '}');
        if (shape === 'deep') return `{"${fields[0] ?? 'x'}": ${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
        if (shape === 'scalar') return JSON.stringify(body[fields[0] as keyof typeof body] ?? 1);
        return json;
      });
  }

  /** %-encodes a value; a lone surrogate (no UTF-8 for it exists) goes out as the bytes a careless client sends. */
  function encode(value: string): string {
    try {
      return encodeURIComponent(value);
    } catch {
      return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/gu, ''))}%ED%A0%80`;
    }
  }

  function fill(path: string, values: Record<string, string>): string {
    return path.replace(/\{(\w+)\}|:(\w+)/g, (_, a: string | undefined, b: string | undefined) => encode(values[(a ?? b)!] ?? 'x'));
  }

  /** Sends one request and checks the property; returns nothing, throws on a violation. */
  let lastFingerprint: string | undefined;
  async function check(method: string, path: string, send: () => request.Test, isApi: boolean): Promise<void> {
    // The state after the previous request is the state before this one (nothing else writes meanwhile).
    const before = lastFingerprint ?? (await fingerprint());
    const res = await send();
    tally.requests += 1;
    const where = `${method} ${path.slice(0, 200)}`;
    expect([where, res.status < 500]).toEqual([where, true]);
    if (isApi && res.status >= 400) {
      expect([where, res.headers['content-type']]).toEqual([where, expect.stringContaining('application/json')]);
      expect(res.body.statusCode).toBe(res.status);
    }
    lastFingerprint = await fingerprint();
    if (res.status >= 400) {
      tally.refused += 1;
      expect([where, lastFingerprint]).toEqual([where, before]);
    }
    if (res.status === 401 && isApi) {
      token = await tokenFor(t, adminName); // a hostile call may have revoked the token
      lastFingerprint = undefined;
    }
  }

  it('answers every operation of the OpenAPI document without a 5xx, with JSON errors, writing nothing when refusing', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? doc.components.schemas[ref.split('/').pop()!] : undefined;
        return {
          method,
          path,
          params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query') as Operation['params'],
          bodyFields: op.requestBody ? Object.keys(schema?.properties ?? {}) : undefined,
        };
      }),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      tally.operations += 1;
      const params = fc.record(Object.fromEntries(op.params.map((p) => [p.name, hostileText()])), { requiredKeys: op.params.filter((p) => p.in === 'path').map((p) => p.name) });
      await fc.assert(
        fc.asyncProperty(params, op.bodyFields ? hostileBody(op.bodyFields) : fc.constant(undefined), fc.boolean(), async (values, body, authenticated) => {
          const v = values as Record<string, string>;
          const query = Object.fromEntries(op.params.filter((p) => p.in === 'query' && v[p.name] !== undefined).map((p) => [p.name, v[p.name]!]));
          const url = fill(op.path, v) + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
          await check(op.method.toUpperCase(), url, () => {
            let req = request(t.http)[op.method as 'post'](url);
            if (authenticated) req = req.set('Authorization', `Bearer ${token}`);
            return body === undefined ? req : req.set('Content-Type', 'application/json').send(body);
          }, op.path.toLowerCase().startsWith('/api/'));
        }),
        { numRuns: API_RUNS, seed: SEED },
      );
    }
  }, 600_000);

  it('answers every page route of the router without a 5xx, writing nothing when refusing', async () => {
    const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    const routes = router.stack
      .filter((layer) => layer.route && !layer.route.path.toLowerCase().startsWith('/api') && layer.route.path !== '/logout')
      .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m === 'get' || m === 'post').map((method) => ({ method, path: layer.route!.path })));
    expect(routes.length).toBeGreaterThan(40);
    const formFields = ['title', 'body', 'tags', 'reason', 'note', 'name', 'value', 'days', 'role', 'username', 'email', 'password', 'helpful', 'cause', 'closeReason', 'duplicateOf', 'page', 'summary', 'next', 'target'];
    const queryFields = ['page', 'q', 'sort', 'tag', 'period', 'kind', 'solved', 'doc', 'query', 'from', 'title', 'next', 'status'];
    for (const route of routes) {
      tally.pageRoutes += 1;
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const arbitrary = fc.record({
        params: fc.record(Object.fromEntries(names.map((n) => [n, hostileText()]))),
        query: fc.dictionary(fc.constantFrom(...queryFields), hostileText(), { maxKeys: 3 }),
        form: fc.dictionary(fc.constantFrom(...formFields), fc.oneof(hostileText(), fc.constant(hugeText.slice(0, 50_000))), { maxKeys: 4 }),
        signedIn: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ params, query, form, signedIn }) => {
          const url = fill(route.path, params as Record<string, string>) + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
          await check(route.method.toUpperCase(), url, () => {
            const client = signedIn ? agent : request(t.http);
            if (route.method === 'get') return client.get(url);
            return client.post(url).type('form').send({ ...form, _csrf: csrf });
          }, false);
        }),
        { numRuns: PAGE_RUNS, seed: SEED },
      );
    }
  }, 600_000);
});
