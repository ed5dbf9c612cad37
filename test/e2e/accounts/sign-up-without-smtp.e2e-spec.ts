import request from 'supertest';
import { askQuestion } from '../../support/factories.js';
import { createUser, PASSWORD, startTestApp, uniqueName, type TestApp } from '../../support/test-app.js';
import { submitForm } from './support.js';

// One app per file: passport's serializers are process-wide, so a second app in the same file would read sessions through the first.
describe('sign-up without SMTP (confirmation off by default)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('signs the new member in at once and lets them post', async () => {
    const agent = request.agent(t.http);
    const username = uniqueName('quick');
    const res = await submitForm(agent, '/register', '/register', { username, email: `${username}@example.test`, password: PASSWORD });
    expect(res.headers.location).toBe('/');
    const page = await agent.get('/questions').expect(200);
    expect(page.text).not.toContain('Please confirm your e-mail address');
    const member = await createUser(t);
    await askQuestion(t, member);
  });
});
