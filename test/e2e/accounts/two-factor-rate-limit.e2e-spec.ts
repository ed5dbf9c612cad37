import { TWO_FACTOR_ATTEMPTS } from '../../../src/common/rate-limit/rate-limit.service.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from '../../support/test-app.js';
import { codeStep, enrolTwoFactor, nextCode, passwordStep } from '../../support/two-factor.js';

// An app of its own (one per file: passport's serializer is process-wide) with rate limits on.
describe('two-factor attempts are rate-limited', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ RATE_LIMITS: 'on' })));
  afterAll(() => t.close());

  it(`allows ${TWO_FACTOR_ATTEMPTS} codes per member, then refuses the next even when it is right`, async () => {
    const user = await createUser(t);
    const { secret } = await enrolTwoFactor(await signedInAgent(t, user.username));
    const { agent } = await passwordStep(t, user.username);
    // Enrolment spent one attempt of the budget.
    for (let attempt = 2; attempt <= TWO_FACTOR_ATTEMPTS; attempt++) {
      expect((await codeStep(agent, '000000')).status).toBe(401);
    }
    const blocked = await codeStep(agent, nextCode(secret));
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many two-factor codes tried.');
    expect((await agent.get('/').expect(200)).text).not.toContain('Log out');
  });
});
