import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

// Nothing listens at this issuer: the button is drawn from configuration, and pressing it meets a provider that is down.
const suite = useBrowserSuite({ OIDC_ISSUER: 'http://localhost:9', OIDC_CLIENT_ID: 'answerbase', OIDC_LABEL: 'Acme ID' });

describe.each(VIEWPORTS)('single sign-on at $name width ($colorScheme)', (viewport) => {
  suite.journey('offers "Sign in with Acme ID" beside the password form, and explains a provider that is down', viewport, async ({ page, visit, navigate }) => {
    await visit('/login');
    const button = page.getByRole('button', { name: 'Sign in with Acme ID' });
    expect(await button.isVisible()).toBe(true);
    await navigate(() => button.click(), 502);
    expect(await page.getByText('We could not reach Acme ID just now.').isVisible()).toBe(true);
  });
});
