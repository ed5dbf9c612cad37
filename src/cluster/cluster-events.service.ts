import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { APP_LOGGER } from '../common/logging/logger.js';
import { DATABASE_URL } from '../database/database.module.js';
import { isClusterTopic, type ClusterTopic } from './cluster.topics.js';

/** One channel for the whole site; NOTIFY is per database, so two sites on one server never hear each other. */
const CHANNEL = 'answerbase_cluster';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_MESSAGE_BYTES = 7_900;
const RECONNECT_FIRST_MS = 200;
const RECONNECT_MAX_MS = 10_000;
/**
 * How long one LISTEN connection lives. A smart shutdown of PostgreSQL waits for every session
 * to end, and a LISTEN session never does by itself: replacing it now and then lets an
 * operator's restart complete while the app keeps serving.
 */
const RECYCLE_MS = 30_000;

export type ClusterHandler = (payload: unknown) => void | Promise<void>;

interface Message {
  topic: ClusterTopic;
  payload: unknown;
  /** The publishing instance, for logs. */
  from: string;
}

/**
 * The cross-instance change channel: what one instance changes, every instance that keeps a copy
 * in memory hears about (its own included), over PostgreSQL LISTEN/NOTIFY on the database all of
 * them share. Each instance holds one dedicated LISTEN connection and reconnects with backoff
 * when it drops; messages sent while it was away are lost, so after a reconnect the `onResync`
 * handlers run and re-read what they keep.
 *
 * A message published inside a transaction is sent when it commits, and never if it rolls back.
 */
@Injectable()
export class ClusterEvents implements OnModuleInit, OnApplicationShutdown {
  /** This process, as named in messages it sends. */
  readonly instanceId = randomUUID();
  private readonly handlers = new Map<ClusterTopic, Set<ClusterHandler>>();
  private readonly resyncHandlers = new Set<() => void | Promise<void>>();
  private client?: pg.Client;
  private reconnectTimer?: NodeJS.Timeout;
  private recycleTimer?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    // The first connection is made before the app serves: an instance that cannot listen would
    // serve stale rules and pages without knowing it.
    await this.listen();
    this.recycleTimer = setInterval(() => void this.recycle(), RECYCLE_MS);
    this.recycleTimer.unref();
  }

  /** Sends a message to every instance (this one too); inside `tx` it is sent on commit. */
  async publish(topic: ClusterTopic, payload: unknown, tx?: EntityManager): Promise<void> {
    const message = JSON.stringify({ topic, payload, from: this.instanceId } satisfies Message);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
      throw new Error(`Cluster message on ${topic} is ${Buffer.byteLength(message)} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
    }
    await (tx ?? this.dataSource).query('SELECT pg_notify($1, $2)', [CHANNEL, message]);
  }

  /** Registers a handler for a topic; it runs on this instance for every message on it, from any instance. */
  subscribe(topic: ClusterTopic, handler: ClusterHandler): void {
    const set = this.handlers.get(topic) ?? new Set<ClusterHandler>();
    set.add(handler);
    this.handlers.set(topic, set);
  }

  /** Runs after the LISTEN connection comes back: messages may have been missed, so re-read what you keep. */
  onResync(handler: () => void | Promise<void>): void {
    this.resyncHandlers.add(handler);
  }

  /** True while this instance's LISTEN connection is up (for /healthz). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.recycleTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Opens the next LISTEN connection before closing the current one, so no message falls between. */
  private async recycle(): Promise<void> {
    const old = this.client;
    if (this.stopped || old === undefined) return;
    try {
      await this.listen();
    } catch {
      // The server refuses new sessions (shutting down, or gone): let the old one go too, so a
      // shutdown can finish; the reconnect loop brings the channel back.
      this.lost(old);
      return;
    }
    await old.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'answerbase-cluster', keepAlive: true });
    client.on('notification', (notification) => {
      if (notification.channel === CHANNEL && notification.payload !== undefined) this.deliver(notification.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.stopped || client !== this.client) return;
    this.client = undefined;
    this.logger.warn({ err: error }, 'cluster channel lost; reconnecting');
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.failures);
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(
        () => {
          if (this.stopped) return;
          this.failures = 0;
          this.logger.info('cluster channel reconnected');
          for (const handler of this.resyncHandlers) this.run(() => handler(), 'resync');
        },
        (error: unknown) => {
          this.failures += 1;
          this.logger.warn({ err: error, attempt: this.failures }, 'cluster channel reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private deliver(raw: string): void {
    let message: Partial<Message>;
    try {
      message = JSON.parse(raw) as Partial<Message>;
    } catch {
      this.logger.warn({ raw: raw.slice(0, 200) }, 'unreadable cluster message ignored');
      return;
    }
    if (!isClusterTopic(message.topic)) {
      this.logger.warn({ topic: message.topic }, 'cluster message on an unknown topic ignored');
      return;
    }
    for (const handler of this.handlers.get(message.topic) ?? []) this.run(() => handler(message.payload), message.topic);
  }

  private run(work: () => void | Promise<void>, topic: string): void {
    try {
      void Promise.resolve(work()).catch((error: unknown) => this.logger.error({ err: error, topic }, 'cluster handler failed'));
    } catch (error) {
      this.logger.error({ err: error, topic }, 'cluster handler failed');
    }
  }
}
