import { createHmac } from 'node:crypto';
import { drainJobs, type TestApp } from '../../support/test-app.js';

/**
 * Drains jobs, waiting a little between rounds, until `done()` or `seconds` pass: the job queue
 * backs off exponentially from at least 1 s, so the third try of a delivery comes 3 to 6 s after the first.
 */
export async function drainUntil(t: TestApp, done: () => boolean | Promise<boolean>, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await drainJobs(t);
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The receiver's check from docs/integrations.md, written out independently of the app's code. */
export function verifies(secret: string, header: string | undefined, body: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex') === parts.v1;
}

/** What a helpdesk sends: the body, and its signature header at `at`. */
export function signed(secret: string, body: object, at = new Date()): { body: string; header: string } {
  const text = JSON.stringify(body);
  const t = Math.floor(at.getTime() / 1000);
  return { body: text, header: `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${text}`).digest('hex')}` };
}
