import request from 'supertest';
import { JobQueue } from '../../../src/jobs/job-queue.js';
import { ArticlesService } from '../../../src/knowledge/articles.service.js';
import { createUser, csrfOf, drainJobs, signedInAgent, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';
import { promoted, published, type TestUser } from './support.js';

describe('editing and publishing knowledge-base articles', () => {
  let t: TestApp;
  let agent: TestUser;
  let agentToken: string;
  let memberToken: string;
  const changedArticles: number[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    agent = await createUser(t, { role: 'agent' });
    agentToken = await tokenFor(t, agent.username);
    memberToken = await tokenFor(t, (await createUser(t)).username);
    await t.app.get(JobQueue).subscribe<{ articleId: number }>('knowledge.article-changed', async ({ articleId }) => void changedArticles.push(articleId), 'test');
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch', path: string, token?: string) => {
    const req = request(t.http)[method](`/api/v1${path}`);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('keeps drafts from members and anonymous readers (404) and shows them to agents; publishing and unpublishing switch that', async () => {
    const { article } = await promoted(t, agent);
    const page = `/kb/${article.slug}`;
    await request(t.http).get(page).expect(404);
    await api('get', `/articles/${article.id}`).expect(404);
    await api('get', `/articles/${article.id}`, memberToken).expect(404);
    await api('get', `/articles/${article.id}/versions`, memberToken).expect(404);
    const member = await signedInAgent(t, (await createUser(t)).username);
    await member.get(page).expect(404);
    const staff = await signedInAgent(t, agent.username);
    expect((await staff.get(page).expect(200)).text).toContain('<span class="badge badge-draft">Draft</span>');
    expect((await api('get', '/articles').expect(200)).body.items.map((a: { id: number }) => a.id)).not.toContain(article.id);

    // Members cannot publish.
    await api('post', `/articles/${article.id}/publish`, memberToken).expect(403);
    const { body: live } = await api('post', `/articles/${article.id}/publish`, agentToken).expect(200);
    expect(live).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    expect((await request(t.http).get(page).expect(200)).text).toContain(`<h1 id="article-title">${article.title}</h1>`);
    expect((await member.get(page).expect(200)).text).not.toContain('Unpublish');
    await api('get', `/articles/${article.id}`, memberToken).expect(200);
    expect((await api('get', '/articles').expect(200)).body.items.map((a: { id: number }) => a.id)).toContain(article.id);

    // Unpublishing through the page form hides it again.
    await staff.post(`/kb/articles/${article.id}/unpublish`).type('form').send({ _csrf: await csrfOf(staff, page) }).expect(302);
    await request(t.http).get(page).expect(404);
    await api('get', `/articles/${article.id}`, memberToken).expect(404);

    await drainJobs(t);
    expect(changedArticles.filter((id) => id === article.id)).toHaveLength(2);
  });

  it('saves every edit as a version and shows each change on the history page', async () => {
    const { article } = await promoted(t, agent, { title: 'Why does my router keep rebooting?', tags: ['network'] });
    const staff = await signedInAgent(t, agent.username);
    const editUrl = `/kb/articles/${article.id}/edit`;
    const form = (await staff.get(editUrl).expect(200)).text;
    expect(form).toContain('value="Why does my router keep rebooting?"');
    expect(form).toContain('<h1>Edit article</h1>');

    const res = await staff
      .post(editUrl)
      .type('form')
      .send({ title: 'Stop a router from rebooting', summary: 'Firmware and power settings that stop reboots.', body: article.body + ' Also update the firmware.', category: 'hardware', tags: 'network router', _csrf: await csrfOf(staff, editUrl) })
      .expect(302);
    expect(res.headers.location).toBe(`/kb/${article.slug}`);
    // A save that changes nothing makes no version.
    await api('patch', `/articles/${article.id}`, agentToken).send({ title: 'Stop a router from rebooting' }).expect(200);
    const { body: patched } = await api('patch', `/articles/${article.id}`, agentToken).send({ body: article.body + ' Also update the firmware first.' }).expect(200);
    expect(patched).toMatchObject({ versionCount: 3, title: 'Stop a router from rebooting', category: 'hardware', tags: ['network', 'router'], summary: 'Firmware and power settings that stop reboots.' });

    const { body: versions } = await api('get', `/articles/${article.id}/versions`, agentToken).expect(200);
    expect(versions.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);
    expect(versions[2]).toMatchObject({ original: true, title: 'Why does my router keep rebooting?', category: 'network', editor: { username: agent.username } });
    expect(versions[1]).toMatchObject({ tagsChanged: true, category: 'hardware' });

    const history = (await staff.get(`/kb/articles/${article.id}/history`).expect(200)).text;
    expect(history).toContain('<del>network</del><ins>hardware</ins>');
    expect(history).toContain('firmware <ins>first</ins>.');
    expect(history).toContain('Version 3');
    await request(t.http).get(`/kb/articles/${article.id}/history`).expect(404); // still a draft

    await drainJobs(t);
    expect(changedArticles.filter((id) => id === article.id)).toHaveLength(2);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { article } = await promoted(t, agent);
    const staff = await signedInAgent(t, agent.username);
    const editUrl = `/kb/articles/${article.id}/edit`;
    const empty = await staff.post(editUrl).type('form').send({ title: '   ', body: article.body, category: 'setup', tags: '', _csrf: await csrfOf(staff, editUrl) }).expect(400);
    expect(empty.text).toContain('Titles are 10 to 150 characters long.');
    expect(empty.text).toContain('<h1>Edit article</h1>');

    const emptyApi = await api('patch', `/articles/${article.id}`, agentToken).send({ title: '' }).expect(400);
    expect(emptyApi.body.fields.title).toEqual(['Titles are 10 to 150 characters long.']);
    const huge = await api('patch', `/articles/${article.id}`, agentToken).send({ body: 'x'.repeat(200 * 1024) });
    expect(huge.status).toBe(413);
    const long = await api('patch', `/articles/${article.id}`, agentToken).send({ body: 'y'.repeat(60_000) }).expect(400);
    expect(long.body.message).toEqual(['The body is 30 to 50,000 characters long.']);
    await api('patch', `/articles/${article.id}`, agentToken).send({ category: 'Not A Category!' }).expect(400);
    await api('patch', `/articles/${article.id}`, agentToken).send({ tags: ['a', 'b', 'c', 'd', 'e', 'f'] }).expect(400);
    await api('patch', `/articles/${article.id}`, agentToken).send({ status: 'published' }).expect(400);
    await api('patch', '/articles/999999', agentToken).send({ title: 'A perfectly good title' }).expect(404);
    await request(t.http).get('/kb/no-such-article-1').expect(404);
    await request(t.http).get('/kb/%00abc').expect(404);
    await request(t.http).get('/kb/articles/abc/history').expect(404);
    await api('post', '/articles/999999/publish', agentToken).expect(404);
    await api('post', `/articles/${article.id}/feedback`, agentToken).send({ helpful: 'maybe' }).expect(400);

    // A NUL character is refused by the input-hygiene layer, naming the field; nothing is saved.
    const { body: refused } = await api('patch', `/articles/${article.id}`, agentToken).send({ summary: 'Short\u0000 summary' }).expect(400);
    expect(JSON.stringify(refused)).toContain('summary');
    const { body: saved } = await api('patch', `/articles/${article.id}`, agentToken).send({ summary: 'Short summary' }).expect(200);
    expect(saved.summary).toBe('Short summary');
    await api('patch', `/articles/${article.id}`, agentToken).send({ summary: '' }).expect(200);

    const { body: after } = await api('get', `/articles/${article.id}`, agentToken).expect(200);
    // Only the two summary saves made versions.
    expect(after).toMatchObject({ title: article.title, body: article.body, summary: null, versionCount: 3 });
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM kb_article_versions WHERE article_id = $1', [article.id]);
    expect(count).toBe(3);
  });

  it('browses published articles by category and tag, the most helpful first, with related articles', async () => {
    const tag = `kbtag${Date.now() % 100000}`;
    const first = await published(t, agent, { title: 'Pair a headset over Bluetooth', tags: [tag, 'audio'] });
    const second = await published(t, agent, { title: 'Fix crackling headset audio', tags: [tag, 'audio'] });
    const other = await published(t, agent, { title: 'Change the billing address', tags: ['billing-address'] });
    const draft = await promoted(t, agent, { title: 'Reset the headset to factory settings', tags: [tag] });
    // Two readers found the second one helpful: it comes first.
    for (const address of ['10.0.0.1', '10.0.0.2']) {
      await request(t.http).post(`/api/v1/articles/${second.article.id}/feedback`).set('X-Forwarded-For', address).set('User-Agent', `reader ${address}`).send({ helpful: true }).expect(200);
    }

    const { body: byTag } = await api('get', `/articles?tag=${tag}`).expect(200);
    expect(byTag.items.map((a: { id: number }) => a.id)).toEqual([second.article.id, first.article.id]);
    expect(byTag.items[0].helpful).toBeUndefined(); // counts are for agents
    const { body: byCategory } = await api('get', '/articles?category=billing-address').expect(200);
    expect(byCategory.items.map((a: { id: number }) => a.id)).toEqual([other.article.id]);
    await api('get', '/articles?category=Bad Category').expect(400);

    const index = (await request(t.http).get(`/kb?tag=${tag}`).expect(200)).text;
    expect(index.indexOf(second.article.title)).toBeLessThan(index.indexOf(first.article.title));
    expect(index).not.toContain(draft.article.title);
    expect(index).not.toContain(other.article.title);
    expect((await request(t.http).get('/kb').expect(200)).text).toContain('href="/kb?category=billing-address"');

    const articlePage = (await request(t.http).get(`/kb/${first.article.slug}`).expect(200)).text;
    const related = articlePage.slice(articlePage.indexOf('Related articles'));
    expect(related).toContain(second.article.title);
    expect(related).not.toContain(other.article.title);
    expect(related).not.toContain(draft.article.title);
  });

  it('publishes one knowledge.article-changed job per change: publishing twice is one change', async () => {
    const { article } = await promoted(t, agent);
    await t.app.get(ArticlesService).publish(agent, article.id);
    await t.app.get(ArticlesService).publish(agent, article.id);
    await drainJobs(t);
    expect(changedArticles.filter((id) => id === article.id)).toHaveLength(1);
  });
});
