import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../src/database/embedded-postgres.js';
import { PROJECT_ROOT } from '../../../src/common/paths.js';

const run = promisify(execFile);

/** `npm start` as a newcomer runs it: the compiled app, an embedded PostgreSQL, demo data. */
describe('the embedded default (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'answerbase-start-'));
  let port: number;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    port = await freePort();
    env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', NODE_OPTIONS: '' };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: PROJECT_ROOT, env, stdio: 'ignore' });
    for (let i = 0; i < 120; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 500));
    }
    child.kill('SIGKILL');
    throw new Error('the app did not start');
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    return exited;
  }

  const api = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = (path: string): Promise<any> => api(path).then((r) => r.json());

  it('starts with demo data, lets the CLI attach while running, stops cleanly and keeps data across a restart', async () => {
    let app = await start();
    try {
      expect((await json('/api/v1/users/admin')).role).toBe('admin');
      const questions = await json('/api/v1/questions');
      expect(questions.items).toHaveLength(30); // a page of the list
      expect(questions.items.some((q: { solved: boolean }) => q.solved)).toBe(true);
      const created = await api('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'keeper', email: 'keeper@example.com', password: 'a long password' }),
      });
      expect(created.status).toBe(201);

      const cli = await run(process.execPath, ['dist/src/cli.js', 'users:role', '--username', 'keeper', '--role', 'agent'], { cwd: PROJECT_ROOT, env });
      expect(cli.stdout).toContain('keeper is now agent.');
      // The operator's command keeps the site's last admin too.
      const demote = await run(process.execPath, ['dist/src/cli.js', 'users:role', '--username', 'admin', '--role', 'member'], { cwd: PROJECT_ROOT, env }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(demote.code).toBe(1);
      expect(demote.stderr).toContain('The site needs at least one administrator');
      expect((await json('/api/v1/users/admin')).role).toBe('admin');
    } finally {
      expect(await stop(app)).toBe(0);
    }
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    app = await start();
    try {
      const keeper = await json('/api/v1/users/keeper');
      expect(keeper.role).toBe('agent');
      const users = await json('/api/v1/users');
      expect(users.items.filter((u: { username: string }) => u.username === 'admin')).toHaveLength(1);
    } finally {
      expect(await stop(app)).toBe(0);
    }
  }, 120_000);
});
