import { askQuestion, postAnswer } from '../support/factories.js';
import { createUser } from '../support/test-app.js';
import { DESKTOP, PHONE } from './support/browser.js';
import { useBrowserSuite, type Journey } from './support/browser-suite.js';

const suite = useBrowserSuite();

async function threadWithAnswer() {
  const asker = await createUser(suite.app);
  const helper = await createUser(suite.app);
  const voter = await createUser(suite.app, { reputation: 200 });
  const question = await askQuestion(suite.app, asker, { title: 'Headset microphone is not detected in calls' });
  await postAnswer(suite.app, helper, question.id, 'Pick the headset under Settings, Audio, Input; the default device is not used.');
  return { voter, helper, url: `/questions/${question.id}/${question.slug}` };
}

const answerBy = (journey: Journey, username: string) => journey.page.getByRole('article', { name: `Answer by ${username}` });

describe.each([PHONE])('a member with the privilege votes at $name width ($colorScheme)', (viewport) => {
  suite.journey('up and down with JavaScript: no reload, the score updates and is announced', viewport, async (journey) => {
    const { voter, helper, url } = await threadWithAnswer();
    await journey.logIn(voter.username);
    await journey.visit(url);
    const answer = answerBy(journey, helper.username);
    const score = answer.locator('[data-score]');
    expect(await score.getAttribute('aria-live')).toBe('polite');
    await journey.page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    await answer.getByRole('button', { name: 'Upvote', exact: true }).click();
    await answer.locator('[data-score]', { hasText: /^1$/ }).waitFor();
    expect(await answer.getByRole('button', { name: 'Remove upvote' }).getAttribute('aria-pressed')).toBe('true');

    await answer.getByRole('button', { name: 'Downvote', exact: true }).click();
    await answer.locator('[data-score]', { hasText: /^-1$/ }).waitFor();
    expect(await score.getAttribute('aria-label')).toBe('score -1');
    expect(await answer.getByRole('button', { name: 'Remove downvote' }).getAttribute('aria-pressed')).toBe('true');
    expect(await answer.getByRole('button', { name: 'Upvote', exact: true }).getAttribute('aria-pressed')).toBe('false');
    // No reload happened: the page's own state survived both votes.
    expect(await journey.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  });
});

describe.each([DESKTOP])('a member with the privilege votes at $name width ($colorScheme)', (viewport) => {
  suite.journey(
    'up and down with JavaScript turned off: the plain forms work',
    viewport,
    async (journey) => {
      const { voter, helper, url } = await threadWithAnswer();
      await journey.logIn(voter.username);
      await journey.visit(url);
      await journey.navigate(() => answerBy(journey, helper.username).getByRole('button', { name: 'Upvote', exact: true }).click());
      expect(await answerBy(journey, helper.username).locator('.score').textContent()).toBe('1');
      expect(await answerBy(journey, helper.username).getByRole('button', { name: 'Remove upvote' }).getAttribute('aria-pressed')).toBe('true');
      await journey.navigate(() => answerBy(journey, helper.username).getByRole('button', { name: 'Remove upvote' }).click());
      expect(await answerBy(journey, helper.username).locator('.score').textContent()).toBe('0');
      await journey.navigate(() => answerBy(journey, helper.username).getByRole('button', { name: 'Downvote', exact: true }).click());
      expect(await answerBy(journey, helper.username).locator('.score').textContent()).toBe('-1');
    },
    { javaScript: false },
  );
});
