/** The demo community's threads: realistic support questions, some answered, some solved. */
export interface DemoThread {
  asker: string;
  title: string;
  body: string;
  tags: string[];
  answers: { author: string; body: string; accepted?: boolean }[];
}

export const DEMO_THREADS: DemoThread[] = [
  {
    asker: 'ada',
    title: 'How do I export all invoices from last year as CSV?',
    body: 'Our accountant needs every invoice from 2025 in one spreadsheet. The billing page only lets me download PDFs one at a time. Is there a bulk export?',
    tags: ['billing', 'export'],
    answers: [
      { author: 'sam_support', body: 'Go to **Billing → History**, pick the date range, then choose **Export → CSV**. The file includes every invoice line with tax columns.', accepted: true },
      { author: 'linus', body: 'If you need it regularly, the API has `GET /invoices?from=…&to=…` which you can script with a personal access token.' },
    ],
  },
  {
    asker: 'grace',
    title: 'Two-factor codes are always rejected after switching phones',
    body: 'I moved my authenticator app to a new phone and now every six-digit code is "invalid". The clock on the phone is set automatically.',
    tags: ['account', 'security', '2fa'],
    answers: [
      { author: 'ken', body: 'Authenticator apps do not move secrets between phones unless you exported them. Use one of your recovery codes to sign in, then set up 2FA again from **Security settings**.', accepted: true },
    ],
  },
  {
    asker: 'linus',
    title: 'Webhook deliveries fail with a 401 from our endpoint',
    body: 'We verify the signature header on incoming webhooks but every delivery fails with 401. The secret is copied from the dashboard. What are we missing?',
    tags: ['api', 'webhooks'],
    answers: [
      { author: 'ada', body: 'The signature is computed over the **raw** request body. If your framework parses JSON before you verify, the bytes differ. Verify against the raw buffer.', accepted: true },
      { author: 'barbara', body: 'Also check for a trailing newline when you pasted the secret into your environment file.' },
    ],
  },
  {
    asker: 'barbara',
    title: 'Mobile app crashes when opening the reports tab on Android 15',
    body: 'Since the last update the app closes as soon as I tap Reports. Other tabs work. Reinstalling did not help.',
    tags: ['mobile', 'android', 'reports'],
    answers: [{ author: 'sam_support', body: 'Thanks for the report: this is a known issue in 4.2.0 affecting Android 15. Version 4.2.1 with the fix is rolling out today.' }],
  },
  {
    asker: 'ken',
    title: 'Can I change the owner of a workspace to a colleague?',
    body: 'I am leaving the company and need to hand over our workspace, including billing, to a colleague who is already an admin.',
    tags: ['account', 'workspaces'],
    answers: [{ author: 'grace', body: 'Yes: **Workspace settings → Members**, open the colleague, choose **Transfer ownership**. They must confirm by e-mail before it takes effect.', accepted: true }],
  },
  {
    asker: 'ada',
    title: 'Single sign-on with Okta: users land on an error page',
    body: 'We configured SAML with Okta following the guide. Test users get "Response signature invalid" after signing in at Okta.',
    tags: ['sso', 'security'],
    answers: [{ author: 'linus', body: 'Make sure Okta signs the *assertion* and not only the response, and that you uploaded the current certificate (Okta rotates them yearly).' }],
  },
  {
    asker: 'grace',
    title: 'How do I set up a custom domain for our help center?',
    body: 'We want help.example.com to show our help center instead of the default address. Which DNS records are needed?',
    tags: ['setup', 'domains'],
    answers: [{ author: 'sam_support', body: 'Add a `CNAME` from `help` to the address shown under **Settings → Domains**, then press **Verify**. The certificate is issued automatically within minutes.', accepted: true }],
  },
  {
    asker: 'linus',
    title: 'Rate limit errors when syncing contacts through the API',
    body: 'Our nightly sync of 50,000 contacts starts failing with 429 after a few minutes. What limits apply and how should we batch?',
    tags: ['api', 'rate-limits'],
    answers: [
      { author: 'ada', body: 'Use the bulk endpoint (up to 1,000 contacts per request) and honour the `Retry-After` header; that stays well under the limit.', accepted: true },
    ],
  },
  {
    asker: 'barbara',
    title: 'Is there a dark mode for the desktop app?',
    body: 'Working late, the white interface is very bright. I could not find a theme option in the settings.',
    tags: ['desktop', 'accessibility'],
    answers: [{ author: 'ken', body: 'It follows your operating system: switch the system to dark and the app changes with it. A manual switch is on the roadmap.' }],
  },
  {
    asker: 'ken',
    title: 'Refund for a duplicate charge on our card',
    body: 'We were charged twice for the March renewal. How do we get the duplicate refunded?',
    tags: ['billing', 'refunds'],
    answers: [{ author: 'sam_support', body: 'Sorry about that! Duplicate charges are refunded automatically within 3 business days; if you still see both after that, reply here with the last four digits of the card.' }],
  },
  {
    asker: 'ada',
    title: 'Importing tickets from another helpdesk keeps timing out',
    body: 'The import wizard stops at about 40% with a timeout. We have roughly 120,000 tickets to bring over.',
    tags: ['import', 'setup'],
    answers: [],
  },
  {
    asker: 'grace',
    title: 'Keyboard shortcuts for switching between conversations',
    body: 'Is there a shortcut to jump to the next unread conversation without using the mouse?',
    tags: ['desktop', 'accessibility', 'shortcuts'],
    answers: [{ author: 'barbara', body: 'Press `j` and `k` to move down and up, and `u` to jump to the next unread one. `?` shows the full list.', accepted: true }],
  },
  {
    asker: 'linus',
    title: 'Automations run twice for the same ticket',
    body: 'A rule that adds a tag and sends an e-mail fires twice whenever a ticket is created through the API.',
    tags: ['automations', 'api'],
    answers: [{ author: 'ken', body: 'Check that the rule is not triggered both by "ticket created" and "ticket updated": the API sets fields after creation, which counts as an update.' }],
  },
  {
    asker: 'barbara',
    title: 'Where can I download our data before cancelling?',
    body: 'We are moving to another tool and need a full export of conversations, contacts and attachments.',
    tags: ['export', 'account'],
    answers: [{ author: 'sam_support', body: '**Settings → Data → Full export** prepares an archive with everything, including attachments, and e-mails you a link when it is ready.', accepted: true }],
  },
  {
    asker: 'ken',
    title: 'Emails from our help center land in spam',
    body: 'Customers say replies from support go to their spam folder. We use our own domain for sending.',
    tags: ['email', 'domains'],
    answers: [
      { author: 'grace', body: 'Add the SPF include and the DKIM records shown under **Settings → E-mail → Authentication**, then add a DMARC policy. Deliverability improves within a day.', accepted: true },
    ],
  },
  {
    asker: 'ada',
    title: 'Search does not find articles by their exact title',
    body: 'Searching for an article title word for word returns other articles first. Is there a way to boost titles?',
    tags: ['search', 'knowledge-base'],
    answers: [],
  },
  {
    asker: 'grace',
    title: 'How many agents can be online at the same time on the Team plan?',
    body: 'We are growing and want to understand the seat limits before we upgrade.',
    tags: ['billing', 'plans'],
    answers: [{ author: 'sam_support', body: 'The Team plan includes 10 agent seats; anyone with a seat can be online at once. Extra seats can be added monthly.' }],
  },
  {
    asker: 'linus',
    title: 'Attachment upload fails for files larger than 20 MB',
    body: 'Customers cannot attach screen recordings; anything above 20 MB fails silently.',
    tags: ['attachments', 'limits'],
    answers: [],
  },
  {
    asker: 'barbara',
    title: 'Translate the help center into German and French',
    body: 'Is it possible to keep one help center with articles in several languages and let readers switch?',
    tags: ['knowledge-base', 'localization'],
    answers: [{ author: 'ada', body: 'Yes: enable the languages under **Help center → Languages**; every article then gets a translation tab, and readers see a language switcher.', accepted: true }],
  },
  {
    asker: 'ken',
    title: 'Password reset e-mail never arrives',
    body: 'I requested a password reset three times but nothing arrives, not even in spam.',
    tags: ['account', 'email'],
    answers: [{ author: 'linus', body: 'Your company mail filter may block it: ask IT to allow the sending domain, or ask a workspace admin to send you a new invitation.' }],
  },
];
