import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header of every signed request, both ways: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'answerbase-signature';

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${sign(secret, t, body)}`;
}

export type SignatureCheck = { ok: true; signature: string } | { ok: false; reason: string };

/** Checks a signature header against the raw body: well-formed, fresh (within `windowSeconds`), and matching. */
export function verifySignature(secret: string, header: string | undefined, body: string, windowSeconds: number, now = new Date()): SignatureCheck {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'The signature header is missing or malformed.' };
  if (Math.abs(now.getTime() / 1000 - t) > windowSeconds) return { ok: false, reason: 'The signature has expired.' };
  const expected = Buffer.from(sign(secret, t, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'The signature does not match.' };
  return { ok: true, signature: v1 };
}
