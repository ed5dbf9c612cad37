import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a one-click unsubscribe link turns off: the digest, or every notification e-mail. */
export type MailingList = 'digest' | 'notifications';

/** `<userId>.<list>.<signature>`: a link that identifies the member and the list, and cannot be forged. */
export function unsubscribeToken(secret: string, userId: number, list: MailingList): string {
  return `${userId}.${list}.${mac(secret, userId, list)}`;
}

export function readUnsubscribeToken(secret: string, token: string): { userId: number; list: MailingList } | null {
  const match = /^(\d{1,10})\.(digest|notifications)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const list = match[2] as MailingList;
  const expected = Buffer.from(mac(secret, userId, list));
  const given = Buffer.from(match[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId, list } : null;
}

function mac(secret: string, userId: number, list: MailingList): string {
  return createHmac('sha256', `unsubscribe:${secret}`).update(`${userId}.${list}`).digest('base64url');
}

/** The RFC 8058 headers: a one-click POST target, and the same link for clients that only open it. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
