import request from 'supertest';
import { askQuestion, postAnswer } from '../../support/factories.js';
import { smtpCapture } from '../../support/smtp-capture.js';
import { createUser, drainJobs, startTestApp, tokenFor, type TestApp } from '../../support/test-app.js';

describe('notification e-mail through SMTP', () => {
  let t: TestApp;
  let capture: Awaited<ReturnType<typeof smtpCapture>>;
  beforeAll(async () => {
    capture = await smtpCapture();
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${capture.port}`, MAIL_FROM: 'community@answerbase.test' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => capture.server.close(() => resolve()));
  });

  it('e-mails the asker about a new answer, and respects a member who turned e-mail off', async () => {
    const asker = await createUser(t);
    const quiet = await createUser(t);
    const helper = await createUser(t);
    const question = await askQuestion(t, asker, { title: 'Mail me when someone answers this' });
    const quietQuestion = await askQuestion(t, quiet);
    await request(t.http).put('/api/v1/notifications/preferences').set('Authorization', `Bearer ${await tokenFor(t, quiet.username)}`).send({ email: false }).expect(200);
    await postAnswer(t, helper, question.id);
    await postAnswer(t, helper, quietQuestion.id);
    await drainJobs(t);
    await drainJobs(t);

    // Subjects arrive MIME-encoded ("=?UTF-8?Q?AnswerBase=3A_New_answer…").
    const aboutAnswers = capture.messages.filter((m) => m.to.includes(asker.email) && /Subject: .*New_answer/.test(m.data));
    expect(aboutAnswers).toHaveLength(1);
    expect(aboutAnswers[0]!.data).toContain('From: community@answerbase.test');
    expect(aboutAnswers[0]!.data).toContain(`/questions/${question.id}`);
    expect(capture.messages.some((m) => m.to.includes(quiet.email))).toBe(false);
    expect(capture.messages.some((m) => m.to.includes(helper.email) && /New_answer/.test(m.data))).toBe(false);
  });
});
