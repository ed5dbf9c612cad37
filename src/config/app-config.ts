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
  };
  readonly insights: {
    /** Hours within which a question should get an answer, unless its tags set another. */
    readonly responseTargetHours: number;
  };
  readonly mail: {
    /** smtp:// or smtps:// (user:password@host:port); absent: e-mail is only logged, never sent. */
    readonly smtpUrl?: string;
    readonly from: string;
    /** Absolute base of links in e-mails. */
    readonly publicUrl: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment once; every bad variable is reported together. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development');
  const dataDir = resolve(read.string('DATA_DIR', './.data'));
  const databaseUrl = read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
  const meiliHost = read.optionalUrl('MEILI_HOST', ['http:', 'https:']);
  const smtpUrl = read.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']);
  const rateLimits = read.oneOf('RATE_LIMITS', ['on', 'off'], 'on');
  let sessionSecret = env.SESSION_SECRET;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }
  if (sessionSecret === undefined && nodeEnv === 'production') {
    problems.push('SESSION_SECRET is required when NODE_ENV=production');
  }

  const config = {
    env: nodeEnv,
    host: read.string('HOST', '0.0.0.0'),
    port: read.integer('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir,
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
      workers: read.boolean('JOB_WORKERS', true),
      pollSeconds: read.integer('JOB_POLL_SECONDS', 2, 1, 3600),
      retryLimit: read.integer('JOB_RETRY_LIMIT', 8, 0, 100),
      retryDelaySeconds: read.integer('JOB_RETRY_DELAY_SECONDS', 5, 0, 3600),
    },
    insights: {
      responseTargetHours: read.integer('RESPONSE_TARGET_HOURS', 24, 1, 24 * 90),
    },
    mail: {
      smtpUrl,
      from: read.string('MAIL_FROM', 'AnswerBase <no-reply@answerbase.invalid>'),
      publicUrl: (read.optionalUrl('PUBLIC_URL', ['http:', 'https:']) ?? 'http://localhost:3000').replace(/\/+$/, ''),
    },
  } satisfies AppConfig;

  if (problems.length > 0) throw new ConfigError(problems);
  sessionSecret ??= localSessionSecret(dataDir);
  return deepFreeze({ ...config, sessionSecret });
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
