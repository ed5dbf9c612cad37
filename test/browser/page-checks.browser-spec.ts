import { VIEWPORTS } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';

const suite = useBrowserSuite();
const phone = VIEWPORTS.find((v) => v.name === 'phone')!;

/** Everything the page checks promise to catch, on one page served at the app's origin under its CSP. */
const BROKEN_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>AnswerBase</title>
  <link rel="stylesheet" href="/broken.css">
  <script src="/broken.js"></script>
</head>
<body>
  <main>
    <h1>One</h1>
    <h1>Two</h1>
    <input id="unlabelled">
    <div class="wide">wider than a phone</div>
    <p style="color: red">inline style</p>
    <script>document.title = 'inline script';</script>
  </main>
</body>
</html>`;

describe('the page checks', () => {
  it('catch a missing label, two h1s, a bare title, overflow, console errors, exceptions and CSP violations', async () => {
    const csp = (await fetch(`${suite.baseURL}/login`)).headers.get('content-security-policy')!;
    const { context, page, monitor } = await suite.openPage(phone);
    try {
      await page.route('**/broken*', (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/broken.css') return route.fulfill({ contentType: 'text/css', body: '.wide { width: 600px; }' });
        if (path === '/broken.js') return route.fulfill({ contentType: 'text/javascript', body: "console.error('boom'); throw new Error('kaput');" });
        return route.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': csp }, body: BROKEN_PAGE });
      });
      await page.goto('/broken');
      expect(monitor.unauditedPages()).toEqual([`${suite.baseURL}/broken`]);

      const problems = await monitor.audit(phone);
      const expected = [
        'axe critical label:',
        'has 2 h1 elements',
        'title "AnswerBase" does not name the page',
        'px wide in a 360 px window',
        'console error: boom',
        'uncaught Error: kaput',
        'CSP violation of script-src-elem: blocked inline',
        'CSP violation of style-src-attr: blocked inline',
      ];
      expect(problems).toEqual(expect.arrayContaining(expected.map((text) => expect.stringContaining(text))));
      expect(monitor.unauditedPages()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
