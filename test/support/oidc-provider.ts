import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';

export const CLIENT_ID = 'answerbase-tests';
export const CLIENT_SECRET = 'answerbase-tests-secret-0123456789';
export const PUBLIC_URL = 'http://localhost:3000';

export interface TestProvider {
  issuer: string;
  addAccount(sub: string, claims: Record<string, unknown>): Promise<void>;
  /** The next ID token the provider issues is changed so (re-signed with its own key). */
  tamperNextIdToken(change: { aud?: string; iss?: string; expired?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** The certified oidc-provider in a child process (see oidc-provider-server.mjs), for as long as a suite needs it. */
export async function startTestProvider(): Promise<TestProvider> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'test', 'support', 'oidc-provider-server.mjs')], {
    env: { ...process.env, NODE_OPTIONS: '', CLIENT_ID, CLIENT_SECRET, REDIRECT_URI: `${PUBLIC_URL}/login/sso/callback` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += String(chunk)));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk) => resolve(JSON.parse(String(chunk).split('\n')[0]!).issuer));
    child.once('exit', (code) => reject(new Error(`The test provider stopped (${code}): ${errors}`)));
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${issuer}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
  };
  return {
    issuer,
    addAccount: (sub, claims) => post('/test/accounts', { sub, ...claims }),
    tamperNextIdToken: (change) => post('/test/tamper', change),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The browser's part at the provider: follows its redirects (cookies kept) from the authorization
 * URL, signing in as `sub`, until it is sent back to our callback; returns that path and query.
 */
export async function signInAtProvider(authorizationUrl: string, sub: string): Promise<string> {
  let url = new URL(authorizationUrl);
  url.searchParams.set('login_hint', sub);
  const cookies = new Map<string, string>();
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      cookies.set(name!.trim(), value ?? '');
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`The provider answered ${res.status} without a redirect: ${await res.text()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(`${PUBLIC_URL}/login/sso/callback`)) return `${next.pathname}${next.search}`;
    url = next;
  }
  throw new Error('Too many redirects at the provider');
}

/** An address where nothing listens: the provider is down. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://localhost:${port}`;
}
