import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../src/database/embedded-postgres.js';
import { AppProcess, isAlive, postmasterPid, waitFor } from './support/app-process.js';

/**
 * Finding 6: the embedded PostgreSQL outlived a crashed app, and the next start used it without
 * owning it, so a clean stop left it running. Finding 8: Ctrl-C on the process group logged
 * error-level stack traces for an expected shutdown. Child processes; no timings.
 */
describe('the embedded PostgreSQL across a crash and a Ctrl-C', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'answerbase-lifecycle-'));
  const clusterDir = join(dataDir, 'postgres');
  let port: number;
  beforeAll(async () => (port = await freePort()));
  afterAll(() => {
    const left = postmasterPid(clusterDir);
    if (isAlive(left)) process.kill(left!, 'SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is adopted after the app is killed, stopped by the next clean stop, and a Ctrl-C logs no errors', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' };
    const first = new AppProcess(port, env);
    await first.start();
    const server = postmasterPid(clusterDir);
    expect(isAlive(server)).toBe(true);
    await first.crash();
    expect(isAlive(server)).toBe(true); // kill -9 leaves PostgreSQL running: nothing stops it

    const second = new AppProcess(port, env);
    await second.start();
    expect(postmasterPid(clusterDir)).toBe(server); // the same server, adopted
    expect((await (await second.fetch('/api/v1/questions')).json()).items).toEqual([]);
    process.kill(second.pid, 'SIGINT'); // a clean stop of the app alone
    expect(await waitFor(() => !isAlive(second.pid))).toBe(true);
    // Old code: attached without owning it, so PostgreSQL kept running here.
    expect(await waitFor(() => !isAlive(server))).toBe(true);
    expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);

    // Ctrl-C in a terminal: the app and the PostgreSQL it started get SIGINT together.
    const third = new AppProcess(port, env);
    await third.start();
    const own = postmasterPid(clusterDir);
    await third.fetch('/questions');
    expect(await third.interruptGroup()).toBe(0);
    expect(await waitFor(() => !isAlive(own))).toBe(true);
    expect(third.errorLines()).toEqual([]);
    expect(third.output.some((line) => line.includes('shutting down'))).toBe(true);
  }, 300_000);
});
