import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook may not reach unless WEBHOOKS_ALLOW_PRIVATE=true: loopback, private, link-local, unspecified. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

/** Why a target URL is refused before any lookup (scheme, credentials, a literal private host), or undefined. */
export function targetProblem(url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a full http:// or https:// URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'Only http:// and https:// URLs can receive webhooks.';
  if (parsed.username || parsed.password) return 'Put no credentials in the URL; the signature authenticates each request.';
  if (allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host)) {
    return 'Private and loopback addresses are refused (set WEBHOOKS_ALLOW_PRIVATE=true to allow them).';
  }
  return undefined;
}

export class RefusedTargetError extends Error {}

export interface OutboundResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  body: string;
}

/**
 * POSTs a JSON body with the given headers. The connection goes only to the address the guarded
 * lookup checked, so a name that resolves to a private address (or re-resolves to one) is refused.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, options: { allowPrivate: boolean; timeoutMs: number }): Promise<OutboundResult> {
  const started = performance.now();
  const done = (result: Omit<OutboundResult, 'durationMs'>): OutboundResult => ({ ...result, durationMs: Math.round(performance.now() - started) });
  const problem = targetProblem(url, options.allowPrivate);
  if (problem) return Promise.resolve(done({ ok: false, statusCode: null, error: problem, body: '' }));

  const guardedLookup = (hostname: string, lookupOptions: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as LookupAddress[];
      if (!options.allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        return callback(new RefusedTargetError(`${hostname} resolves to a private address; refused.`), '');
      }
      if ((lookupOptions as { all?: boolean }).all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };

  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'AnswerBase-Webhooks/1', ...headers, 'content-length': Buffer.byteLength(body).toString() },
        lookup: guardedLookup as never,
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= 64 * 1024) chunks.push(chunk);
        });
        res.on('end', () => {
          const code = res.statusCode ?? 0;
          resolve(done({ ok: code >= 200 && code < 300, statusCode: code, error: null, body: Buffer.concat(chunks).toString('utf8') }));
        });
        res.on('error', (error) => resolve(done({ ok: false, statusCode: res.statusCode ?? null, error: error.message, body: '' })));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`No response within ${options.timeoutMs} ms.`)));
    req.on('error', (error) => resolve(done({ ok: false, statusCode: null, error: error.message.slice(0, 300), body: '' })));
    req.end(body);
  });
}
