import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { UsersService } from '../../src/users/users.service.js';
import type { Role } from '../../src/users/role.js';
import { createTestDatabase } from './test-database.js';

export const PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  db: DataSource;
  close(): Promise<void>;
}

/** The real app, booted through the same createApp as main.ts, on a database of its own. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const t = await startTestAppOn(database.url, env);
  return {
    ...t,
    close: async () => {
      await t.close();
      await database.drop();
    },
  };
}

/** The test configuration: quiet, fast hashing, no rate limits, no workers (jobs are drained). */
export function testConfig(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'answerbase-app-'))): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-42',
    LOG_LEVEL: 'silent',
    RATE_LIMITS: 'off',
    JOB_WORKERS: 'off',
    JOB_RETRY_DELAY_SECONDS: '0',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    ...env,
  });
}

/** The real app on a database that already exists (several instances of one site share it); close leaves the database. */
export async function startTestAppOn(databaseUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  // The app keeps its local files (a session secret at most) here; removed with the app.
  const dataDir = mkdtempSync(join(tmpdir(), 'answerbase-app-'));
  const config = testConfig(env, dataDir);
  const app = await createApp(config, databaseUrl);
  return {
    app,
    config,
    http: app.getHttpServer(),
    db: app.get(DataSource),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${Math.random().toString(36).slice(2, 7)}`;
}

/** A member created through the owning service, as the factories should. */
export async function createUser(t: TestApp, options: { role?: Role; username?: string; reputation?: number } = {}) {
  const username = options.username ?? uniqueName();
  const email = `${username}@example.test`;
  const user = await t.app.get(UsersService).register({ username, email, password: PASSWORD }, options.role ?? 'member');
  if (options.reputation !== undefined) {
    await t.db.query('UPDATE users SET reputation = $1 WHERE id = $2', [options.reputation, user.id]);
  }
  return { ...user, email, reputation: options.reputation ?? user.reputation };
}

export function csrfTokenFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token in the page');
  return match[1]!;
}

/** A browser-like agent (cookies kept) signed in through the login form. */
export async function signedInAgent(t: TestApp, username: string, password = PASSWORD) {
  const agent = request.agent(t.http);
  const page = await agent.get('/login').expect(200);
  await agent.post('/login').type('form').send({ username, password, _csrf: csrfTokenFrom(page.text) }).expect(302);
  return agent;
}

/** The CSRF token of a signed-in agent, read from any page that shows the layout. */
export async function csrfOf(agent: request.Agent, path = '/'): Promise<string> {
  return csrfTokenFrom((await agent.get(path)).text);
}

export async function tokenFor(t: TestApp, username: string, password = PASSWORD): Promise<string> {
  const res = await request(t.http).post('/api/v1/tokens').send({ username, password }).expect(201);
  return res.body.token as string;
}

/** Runs every queued job now, as the workers would: call before asserting on what jobs do. */
export async function drainJobs(t: TestApp): Promise<number> {
  const { JobQueue } = await import('../../src/jobs/job-queue.js');
  return t.app.get(JobQueue).drain();
}
