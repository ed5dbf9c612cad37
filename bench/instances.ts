// `npm run bench -- --instances N`: N app processes on one database behind a small reverse proxy
// (httpxy, round robin, keep-alive), as nginx runs them in docker-compose.yml.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Agent, type Server } from 'node:http';
import { join } from 'node:path';
import { createProxyServer } from 'httpxy';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { freePort } from '../src/database/embedded-postgres.js';

export interface Instances {
  /** The proxy's URL. */
  base: string;
  /** Each instance's own URL (to measure one without the proxy). */
  direct: string[];
  pids: number[];
  /** Requests the proxy sent to each instance since the last reset. */
  served(): number[];
  resetServed(): void;
  stop(): Promise<void>;
}

export async function startInstances(count: number, env: NodeJS.ProcessEnv, waitFor: (url: string) => Promise<void>): Promise<Instances> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const apps: ChildProcess[] = [];
  // One after another: each runs the migrations check and fills its caches at start.
  for (const port of ports) {
    const app = spawn(process.execPath, serverArgs(), { cwd: PROJECT_ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: '1' }, stdio: 'ignore' });
    apps.push(app);
    await waitFor(`http://127.0.0.1:${port}/healthz`);
  }
  const targets = ports.map((port) => `http://127.0.0.1:${port}`);
  const counts = ports.map(() => 0);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const proxy = createProxyServer({ agent, xfwd: true });
  proxy.on('error', () => undefined); // each request's own promise reports its failure
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next++ % targets.length;
    counts[index]! += 1;
    proxy.web(req, res, { target: targets[index] }).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  const proxyPort = await freePort();
  await new Promise<void>((resolve) => server.listen(proxyPort, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${proxyPort}`,
    direct: targets,
    pids: apps.map((app) => app.pid!),
    served: () => [...counts],
    resetServed: () => counts.fill(0),
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
      for (const app of apps) {
        app.kill('SIGINT');
        await new Promise((resolve) => app.once('exit', resolve));
      }
    },
  };
}

/** The server's arguments as production starts it (`npm run start:prod`: the heap bound included). */
export function serverArgs(): string[] {
  const script: string = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts['start:prod'];
  return script.split(/\s+/).slice(1);
}
