import request from 'supertest';
import { closeServer, smtpCapture, type CapturedMail } from '../../support/smtp-capture.js';
import { csrfTokenFrom, drainJobs, startTestApp, type TestApp } from '../../support/test-app.js';

export interface MailApp {
  t: TestApp;
  mail: CapturedMail[];
  close(): Promise<void>;
}

/** The real app with e-mail through a local SMTP capture (so addresses must be confirmed), rate limits on, one proxy trusted. */
export async function startMailApp(env: Record<string, string> = {}): Promise<MailApp> {
  const capture = await smtpCapture();
  const t = await startTestApp({
    SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    MAIL_FROM: 'accounts@answerbase.test',
    PUBLIC_URL: 'http://community.test',
    RATE_LIMITS: 'on',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    TRUST_PROXY: '1',
    ...env,
  });
  return {
    t,
    mail: capture.messages,
    close: async () => {
      await t.close();
      await closeServer(capture.server);
    },
  };
}

/** A message body as sent: quoted-printable soft breaks joined and escapes decoded. */
export function decoded(message: CapturedMail): string {
  return message.data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Runs the mail jobs, then returns the messages sent to `address` so far. */
export async function mailTo(app: MailApp, address: string): Promise<string[]> {
  await drainJobs(app.t);
  return app.mail.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase())).map(decoded);
}

/** The token of the last link to `path` (e.g. /reset-password/) in the messages. */
export function tokenIn(messages: string[], path: string): string {
  const last = [...messages].reverse().find((m) => m.includes(path));
  const match = last ? new RegExp(`${path}([A-Za-z0-9_-]{20,})`).exec(last) : null;
  if (!match) throw new Error(`No ${path} link in ${messages.length} messages`);
  return match[1]!;
}

/** The kinds of security events recorded about a member, oldest first. */
export async function eventKinds(t: TestApp, userId: number): Promise<string[]> {
  const rows: { kind: string }[] = await t.db.query('SELECT kind FROM security_events WHERE user_id = $1 ORDER BY id', [userId]);
  return rows.map((r) => r.kind);
}

/** Posts a form the way a browser does: GET the page for its CSRF token, then POST. */
export async function submitForm(agent: request.Agent, pagePath: string, action: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const page = await agent.get(pagePath).set(headers);
  return agent.post(action).set(headers).type('form').send({ ...fields, _csrf: csrfTokenFrom(page.text) });
}

let clients = 0;
/** A distinct client address per call (X-Forwarded-For, one proxy trusted), so per-client limits start fresh. */
export function newClient(): Record<string, string> {
  clients += 1;
  return { 'X-Forwarded-For': `203.0.113.${clients % 250}`, 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };
}
