import { acceptAnswer, askQuestion, postAnswer } from '../support/factories.js';
import { createUser, drainJobs, PASSWORD, uniqueName } from '../support/test-app.js';
import { DESKTOP, PHONE } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();
const phone = PHONE;

/** At a desktop; the member who answers does so from a phone, so both widths are in the journey. */
describe.each([DESKTOP])('a newcomer at $name width ($colorScheme)', (viewport) => {
  suite.journey('registers, asks (seeing similar questions), gets an answer from a member on a phone, accepts it and finds it through search', viewport, async (journey) => {
    const { page } = journey;
    const veteran = await createUser(suite.app);
    const solved = await askQuestion(suite.app, veteran, { title: 'Bluetooth keyboard disconnects after sleep', tags: ['bluetooth'] });
    await acceptAnswer(suite.app, veteran, (await postAnswer(suite.app, await createUser(suite.app), solved.id)).id);
    await drainJobs(suite.app);

    const username = uniqueName('newcomer');
    await journey.visit('/register');
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('E-mail', { exact: true }).fill(`${username}@example.com`);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await journey.navigate(() => page.getByRole('button', { name: 'Create account' }).click());

    await journey.navigate(() => page.getByRole('main').getByRole('button', { name: 'Ask a question' }).first().click());
    const title = `Bluetooth keyboard disconnects after sleep on my new laptop ${Date.now() % 1000}`;
    await page.getByLabel('Title', { exact: true }).pressSequentially(title.slice(0, 30));
    await page.locator('#similar-questions').getByRole('link', { name: 'Bluetooth keyboard disconnects after sleep', exact: true }).first().waitFor();
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Details', { exact: true }).fill('Every time the laptop wakes up, the keyboard needs pairing again. How do I keep it connected?');
    await page.getByLabel('Tags', { exact: true }).fill('bluetooth laptops');
    await journey.navigate(() => page.getByRole('button', { name: 'Post your question' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    const threadUrl = new URL(page.url()).pathname;

    // A second member answers from a phone.
    const helper = await createUser(suite.app);
    const other = await suite.openPage(phone);
    try {
      await other.page.goto('/login');
      await other.page.getByLabel('Username', { exact: true }).fill(helper.username);
      await other.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await Promise.all([other.page.waitForEvent('load'), other.page.getByRole('button', { name: 'Log in' }).click()]);
      await other.page.goto(threadUrl);
      await other.page.getByRole('textbox', { name: 'Your answer' }).fill('Turn off "Allow the computer to turn off this device" for the Bluetooth adapter in Device Manager.');
      await Promise.all([other.page.waitForEvent('load'), other.page.getByRole('button', { name: 'Post your answer' }).click()]);
      expect(await other.page.getByRole('article', { name: `Answer by ${helper.username}` }).isVisible()).toBe(true);
      expect(await other.monitor.audit(phone)).toEqual([]);
    } finally {
      await other.context.close();
    }

    await journey.visit(threadUrl);
    const answer = page.getByRole('article', { name: `Answer by ${helper.username}` });
    await journey.navigate(() => answer.getByRole('button', { name: 'Accept this answer' }).click());
    expect(await page.getByRole('article', { name: `Answer by ${helper.username}` }).getByText('Accepted answer').isVisible()).toBe(true);
    await drainJobs(suite.app);

    await journey.navigate(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click());
    await page.getByLabel('Search questions, answers and articles').fill('keyboard wakes device manager');
    await journey.navigate(() => page.getByRole('button', { name: 'Search', exact: true }).click());
    await journey.navigate(() => page.getByRole('main').getByRole('link', { name: title }).first().click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
  });
});
