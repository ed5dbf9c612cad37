import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Injection token for the validated, frozen configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** Absent: an embedded PostgreSQL is started under dataDir. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  /**
   * A streaming replica of the primary for anonymous page reads and searches. Reads fall back to
   * the primary while it lags more than maxLagSeconds or does not answer; a reader who wrote within
   * readYourWritesSeconds reads from the primary.
   */
  readonly replica?: { readonly url: string; readonly maxLagSeconds: number; readonly readYourWritesSeconds: number };
  readonly seedDemo: boolean;
  readonly sessionSecret: string;
  /** Trust X-Forwarded-* from this many proxies (cookies become Secure behind TLS). */
  readonly trustProxy: number;
  readonly logLevel: LogLevel;
  readonly rateLimits: {
    readonly enabled: boolean;
    readonly loginPerMinute: number;
  };
  readonly passwordHash: { readonly memoryCost: number; readonly timeCost: number };
  readonly meili?: { readonly host: string; readonly apiKey?: string };
  readonly bodyLimit: string;
  readonly jobs: {
    /** Run job workers in this process (off: jobs wait for another process or a drain). */
    readonly workers: boolean;
    readonly pollSeconds: number;
    readonly retryLimit: number;
    readonly retryDelaySeconds: number;
    /** A job still active this long after it started is taken for dead (its worker crashed) and retried. */
    readonly expireSeconds: number;
    /** How often expired jobs are looked for: a crashed worker's job waits at most expire + this. */
    readonly maintenanceSeconds: number;
    /** /healthz says "degraded" when a job ready to run has waited longer than this. */
    readonly backlogAlertSeconds: number;
  };
  readonly insights: {
    /** Hours within which a question should get an answer, unless its tags set another. */
    readonly responseTargetHours: number;
    /** IANA time zone whose calendar days the trend buckets follow (default UTC). */
    readonly timeZone: string;
  };
  /** The anonymous page cache (docs/caching.md). */
  readonly pageCache: {
    /** Keep rendered anonymous pages in memory (off: every page is rendered). */
    readonly enabled: boolean;
    /** Bound on the bodies kept, in megabytes; the least recently read go first. */
    readonly maxMegabytes: number;
    /** Longest a kept page lives, for what no invalidation covers (reputation beside names). */
    readonly ttlSeconds: number;
    /** `s-maxage` of anonymous pages: how long a CDN or proxy may serve one without asking. */
    readonly sharedMaxAgeSeconds: number;
    /** `stale-while-revalidate`: how long after that a proxy may serve it while it asks. */
    readonly staleWhileRevalidateSeconds: number;
  };
  readonly mail: {
    /** smtp:// or smtps:// (user:password@host:port); absent: e-mail is only logged, never sent. */
    readonly smtpUrl?: string;
    readonly from: string;
    /** Absolute base of links in e-mails. */
    readonly publicUrl: string;
    /** Members must confirm their address before they post (REQUIRE_VERIFIED_EMAIL; default: on when SMTP_URL is set). */
    readonly requireVerifiedEmail: boolean;
  };
  /** How people sign in (docs/accounts.md): passwords, the second factor, single sign-on. */
  readonly signIn: {
    /** `staff-only`: members sign in only through single sign-on; staff keep a password with a second factor. */
    readonly localLogin: 'all' | 'staff-only';
    /** Key material for the second factor's secrets at rest (TWO_FACTOR_KEY, else derived from the session secret). */
    readonly twoFactorKey: string;
    /** OpenID Connect single sign-on; absent: not offered. */
    readonly oidc?: { readonly issuer: string; readonly clientId: string; readonly clientSecret?: string; readonly label: string };
  };
  readonly integrations: {
    /** Deliver webhooks to private, loopback and link-local addresses (off: refused, against request forgery). */
    readonly webhooksAllowPrivate: boolean;
    readonly webhookTimeoutMs: number;
    /** Consecutive failed tries after which an endpoint is paused and its admins are told. */
    readonly webhookPauseAfterFailures: number;
    /** How old a signed inbound callback's timestamp may be, in seconds. */
    readonly signatureWindowSeconds: number;
    /** Members asked to answer a new question ("a question you can answer"); 0 turns routing off. */
    readonly routingExperts: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment once; every bad variable is reported together. `cli`:
 * for commands that serve no session, so production does not demand SESSION_SECRET of them.
 */
export function loadConfig(env: Env = process.env, purpose: 'server' | 'cli' = 'server'): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development');
  const dataDir = resolve(read.string('DATA_DIR', './.data'));
  const databaseUrl = read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
  const replicaUrl = read.optionalUrl('DATABASE_REPLICA_URL', ['postgres:', 'postgresql:']);
  const meiliHost = read.optionalUrl('MEILI_HOST', ['http:', 'https:']);
  const smtpUrl = read.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']);
  const rateLimits = read.oneOf('RATE_LIMITS', ['on', 'off'], 'on');
  const oidc = readOidc(env, read, problems);
  const localLogin = read.oneOf('LOCAL_LOGIN', ['all', 'staff-only'], 'all');
  if (localLogin === 'staff-only' && !oidc) problems.push('LOCAL_LOGIN=staff-only needs single sign-on (OIDC_ISSUER and OIDC_CLIENT_ID)');
  const twoFactorKey = env.TWO_FACTOR_KEY || undefined;
  if (twoFactorKey !== undefined && twoFactorKey.length < 32) problems.push('TWO_FACTOR_KEY must be at least 32 characters long');
  let sessionSecret = env.SESSION_SECRET;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }
  if (sessionSecret === undefined && nodeEnv === 'production' && purpose === 'server') {
    problems.push('SESSION_SECRET is required when NODE_ENV=production');
  }

  const config = {
    env: nodeEnv,
    host: read.string('HOST', '0.0.0.0'),
    port: read.integer('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir,
    replica: replicaUrl
      ? {
          url: replicaUrl,
          maxLagSeconds: read.integer('REPLICA_MAX_LAG_SECONDS', 5, 1, 3600),
          readYourWritesSeconds: read.integer('READ_YOUR_WRITES_SECONDS', 5, 1, 600),
        }
      : undefined,
    seedDemo: read.boolean('SEED_DEMO', true),
    sessionSecret: '',
    trustProxy: read.integer('TRUST_PROXY', 0, 0, 10),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    rateLimits: {
      enabled: rateLimits === 'on',
      loginPerMinute: read.integer('RATE_LIMIT_LOGIN_PER_MINUTE', 10, 1, 10_000),
    },
    passwordHash: {
      memoryCost: read.integer('PASSWORD_HASH_MEMORY_KIB', 19_456, 1024, 1_048_576),
      timeCost: read.integer('PASSWORD_HASH_ITERATIONS', 2, 1, 20),
    },
    meili: meiliHost ? { host: meiliHost, apiKey: env.MEILI_API_KEY || undefined } : undefined,
    bodyLimit: read.string('BODY_LIMIT', '100kb'),
    jobs: {
      // A command ends when its work is done: workers of its own would take jobs and die holding them.
      workers: read.boolean('JOB_WORKERS', purpose === 'server'),
      pollSeconds: read.integer('JOB_POLL_SECONDS', 2, 1, 3600),
      retryLimit: read.integer('JOB_RETRY_LIMIT', 8, 0, 100),
      retryDelaySeconds: read.integer('JOB_RETRY_DELAY_SECONDS', 5, 0, 3600),
      expireSeconds: read.integer('JOB_EXPIRE_SECONDS', 30, 1, 3600),
      maintenanceSeconds: read.integer('JOB_MAINTENANCE_SECONDS', 10, 1, 600),
      backlogAlertSeconds: read.integer('JOB_BACKLOG_ALERT_SECONDS', 300, 1, 86_400),
    },
    insights: {
      responseTargetHours: read.integer('RESPONSE_TARGET_HOURS', 24, 1, 24 * 90),
      timeZone: read.timeZone('INSIGHTS_TIME_ZONE', 'UTC'),
    },
    pageCache: {
      enabled: read.boolean('PAGE_CACHE', true),
      maxMegabytes: read.integer('PAGE_CACHE_MAX_MB', 64, 1, 4096),
      ttlSeconds: read.integer('PAGE_CACHE_TTL_SECONDS', 60, 1, 60),
      sharedMaxAgeSeconds: read.integer('PAGE_CACHE_S_MAXAGE', 1, 0, 60),
      staleWhileRevalidateSeconds: read.integer('PAGE_CACHE_STALE_SECONDS', 30, 0, 3600),
    },
    mail: {
      smtpUrl,
      from: read.string('MAIL_FROM', 'AnswerBase <no-reply@answerbase.invalid>'),
      publicUrl: (read.optionalUrl('PUBLIC_URL', ['http:', 'https:']) ?? 'http://localhost:3000').replace(/\/+$/, ''),
      requireVerifiedEmail: read.boolean('REQUIRE_VERIFIED_EMAIL', smtpUrl !== undefined),
    },
    signIn: { localLogin, twoFactorKey: '', oidc },
    integrations: {
      webhooksAllowPrivate: read.boolean('WEBHOOKS_ALLOW_PRIVATE', false),
      webhookTimeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      webhookPauseAfterFailures: read.integer('WEBHOOK_PAUSE_AFTER_FAILURES', 10, 1, 1000),
      signatureWindowSeconds: read.integer('WEBHOOK_SIGNATURE_WINDOW_SECONDS', 300, 10, 86_400),
      routingExperts: read.integer('ROUTING_EXPERTS', 3, 0, 50),
    },
  } satisfies AppConfig;

  if (problems.length > 0) throw new ConfigError(problems);
  sessionSecret ??= purpose === 'cli' && nodeEnv === 'production' ? '' : localSessionSecret(dataDir);
  return deepFreeze({ ...config, sessionSecret, signIn: { ...config.signIn, twoFactorKey: twoFactorKey ?? sessionSecret } });
}

/** OIDC_ISSUER and OIDC_CLIENT_ID come together; plain http only for an issuer on this machine (development, tests). */
function readOidc(env: Env, read: EnvReader, problems: string[]): AppConfig['signIn']['oidc'] {
  const issuer = read.optionalUrl('OIDC_ISSUER', ['https:', 'http:']);
  const clientId = env.OIDC_CLIENT_ID || undefined;
  if (!env.OIDC_ISSUER && !clientId) return undefined;
  if (!env.OIDC_ISSUER || !clientId) {
    problems.push('OIDC_ISSUER and OIDC_CLIENT_ID are set together (or neither)');
    return undefined;
  }
  if (!issuer) return undefined;
  const url = new URL(issuer);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    problems.push('OIDC_ISSUER must be an https:// URL (http:// only for localhost)');
    return undefined;
  }
  return { issuer, clientId, clientSecret: env.OIDC_CLIENT_SECRET || undefined, label: read.string('OIDC_LABEL', 'single sign-on') };
}

/** Outside production a secret is generated once and kept beside the data, so sessions survive restarts. */
function localSessionSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  timeZone(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    try {
      return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      this.problems.push(`${name} must be an IANA time zone such as UTC or Europe/Paris (got "${value}")`);
      return fallback;
    }
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (protocols.includes(url.protocol)) return value;
    } catch {
      // reported below
    }
    this.problems.push(`${name} must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`);
    return undefined;
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
