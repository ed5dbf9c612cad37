import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../../../src/common/paths.js';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The compiled app (`npm start`) as a child process, its stdout (pino JSON lines) kept. */
export class AppProcess {
  readonly output: string[] = [];
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number {
    return this.child!.pid!;
  }

  /** Starts in a process group of its own (as a terminal would), and waits until /healthz answers 200. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), NODE_OPTIONS: '', SEED_DEMO: 'false', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop()!;
        this.output.push(...lines);
      });
    }
    for (let i = 0; i < 240; i++) {
      if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${this.output.slice(-20).join('\n')}`);
      if (await this.fetch('/healthz').then((r) => r.ok, () => false)) return;
      await pause(500);
    }
    child.kill('SIGKILL');
    throw new Error(`the app did not start:\n${this.output.slice(-20).join('\n')}`);
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
  }

  /** kill -9: no shutdown of any kind. */
  async crash(): Promise<void> {
    const exited = this.exited();
    this.child!.kill('SIGKILL');
    await exited;
  }

  /** Ctrl-C in a terminal: SIGINT to the whole process group (an embedded PostgreSQL it started included). */
  async interruptGroup(): Promise<number | null> {
    const exited = this.exited();
    process.kill(-this.pid, 'SIGINT');
    return exited;
  }

  private exited(): Promise<number | null> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Log lines at error level or worse (pino: 50 error, 60 fatal), and anything not JSON on stdout/stderr. */
  errorLines(from = 0): string[] {
    return this.output.slice(from).filter((line) => {
      if (!line.trim()) return false;
      try {
        return (JSON.parse(line) as { level?: number }).level! >= 50;
      } catch {
        return true;
      }
    });
  }
}

/** The postmaster's pid from the cluster's postmaster.pid, if the file is there. */
export function postmasterPid(clusterDir: string): number | undefined {
  try {
    return Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, attempts = 120, everyMs = 500): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return true;
    await pause(everyMs);
  }
  return false;
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, ['dist/src/cli.js', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } });
