import request from 'supertest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('HTTP hygiene: bad bodies, errors, headers, health', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ BODY_LIMIT: '10kb' })));
  afterAll(() => t.close());

  it('answers malformed JSON with a 400 JSON error', async () => {
    const res = await request(t.http).post('/api/v1/users').set('Content-Type', 'application/json').send('{"username": ').expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON.' });
  });

  it('answers a wrong content type on the API with 415', async () => {
    const res = await request(t.http).post('/api/v1/users').set('Content-Type', 'text/plain').send('username=x').expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('answers an oversized body with 413', async () => {
    const res = await request(t.http).post('/api/v1/users').send({ username: 'x'.repeat(20_000) }).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'The request body is too large.' });
  });

  it('answers a JSON array or scalar body with a 400, not a 500', async () => {
    await request(t.http).post('/api/v1/users').set('Content-Type', 'application/json').send('[1,2]').expect(400);
    await request(t.http).post('/api/v1/tokens').set('Content-Type', 'application/json').send('"text"').expect(400);
  });

  it('shows a 404 page for pages and a JSON 404 under /api', async () => {
    const page = await request(t.http).get('/no/such/page').expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<h1>Page not found</h1>');
    const api = await request(t.http).get('/api/v1/no-such-thing').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('sends a strict Content-Security-Policy and security headers with every page', async () => {
    const res = await request(t.http).get('/login').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/ld\+json)[^>]*>/);
  });

  it('serves static files under content-hashed names, cached for a year', async () => {
    const page = await request(t.http).get('/login');
    const href = /href="(\/static\/app\.[0-9a-f]{10}\.css)"/.exec(page.text)?.[1];
    expect(href).toBeDefined();
    const css = await request(t.http).get(href!).expect(200);
    expect(css.headers['cache-control']).toContain('max-age=31536000');
    expect(css.headers['cache-control']).toContain('immutable');
    await request(t.http).get('/static/app.0000000000.css').expect(404);
  });

  it('reports the database in /healthz', async () => {
    const res = await request(t.http).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
  });

  it('serves the OpenAPI description at /api/docs', async () => {
    const json = await request(t.http).get('/api/docs-json').expect(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/tokens', '/api/v1/me']));
    await request(t.http).get('/api/docs').expect(200);
  });

  it('documents only the API: no page routes beside /api/v1', async () => {
    const json = await request(t.http).get('/api/docs-json').expect(200);
    const paths = Object.keys(json.body.paths);
    expect(paths.filter((path) => !path.startsWith('/api/v1/'))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/questions/{id}/vote']));
  });

  it('answers /favicon.ico with the icon', async () => {
    const res = await request(t.http).get('/favicon.ico').expect(302);
    expect(res.headers.location).toMatch(/^\/static\/favicon\.[0-9a-f]{10}\.svg$/);
    const icon = await request(t.http).get(res.headers.location).expect(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
  });

  it('answers a word where a number belongs in the path with 404, not 400', async () => {
    const page = await request(t.http).get('/questions/new').expect(404);
    expect(page.text).toContain('<h1>Page not found</h1>');
    const api = await request(t.http).get('/api/v1/questions/new').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    await request(t.http).get('/questions/12abc').expect(404);
  });
});
