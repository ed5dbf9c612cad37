import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chown, cp, mkdir, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
import { freePort } from '../../src/database/embedded-postgres.js';

const SLOT = 'answerbase_test_replica';

export interface StreamingReplica {
  url: string;
  /** Stops the standby (fast shutdown) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * A real hot standby of an embedded PostgreSQL, from the same binaries: a base backup taken with
 * the low-level API (pg_backup_start, a copy of the data folder, pg_backup_stop: the embedded
 * package ships no pg_basebackup), then standby.signal and primary_conninfo, streaming from a
 * physical replication slot so the primary keeps the WAL the standby still needs.
 */
export async function startStreamingReplica(primaryUrl: string, primaryDataDir: string, replicaDir: string): Promise<StreamingReplica> {
  const primary = new URL(primaryUrl);
  const admin = new pg.Client({ connectionString: primaryUrl });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_create_physical_replication_slot($1, true)`, [SLOT]);
    await admin.query(`SELECT pg_backup_start('answerbase test replica', true)`);
    await rm(replicaDir, { recursive: true, force: true });
    await cp(primaryDataDir, replicaDir, {
      recursive: true,
      filter: (source) => !/[/\\](postmaster\.pid|postmaster\.opts|pg_wal[/\\].+|pg_replslot[/\\].+|log[/\\].+)$/.test(source),
    });
    const [stop] = (await admin.query(`SELECT labelfile, spcmapfile FROM pg_backup_stop(true)`)).rows as { labelfile: string; spcmapfile: string }[];
    await writeFile(join(replicaDir, 'backup_label'), stop!.labelfile);
    if (stop!.spcmapfile) await writeFile(join(replicaDir, 'tablespace_map'), stop!.spcmapfile);
  } finally {
    await admin.end();
  }
  for (const folder of ['pg_wal', 'pg_replslot']) await mkdir(join(replicaDir, folder), { recursive: true });
  const conninfo = `host=${primary.hostname} port=${primary.port} user=${decodeURIComponent(primary.username)} password=${decodeURIComponent(primary.password)} application_name=answerbase_test_replica`;
  await appendFile(join(replicaDir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${SLOT}'\nhot_standby = on\n`);
  await writeFile(join(replicaDir, 'standby.signal'), '');
  const owner = postgresOwner();
  if (owner) await chownTree(replicaDir, owner.uid, owner.gid);

  const port = await freePort();
  const { postgres } = await binaries();
  const child = spawn(
    postgres,
    // A hot standby needs max_connections at least the primary's (200 for the embedded server).
    ['-D', replicaDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'shared_buffers=128MB'],
    { ...(owner ?? {}), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await readyForReadOnly(child);
  const url = new URL(primaryUrl);
  url.port = String(port);
  return {
    url: url.toString(),
    stop: () => stopProcess(child),
  };
}

/** The embedded package's postgres binary (the same one the primary runs). */
async function binaries(): Promise<{ postgres: string }> {
  // embedded-postgres resolves its binaries from this platform package (its own resolver is not exported).
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
}

function postgresOwner(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

function readyForReadOnly(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('ready to accept read-only connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`The standby exited (${code}) before accepting connections:\n${output.slice(-2000)}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}
