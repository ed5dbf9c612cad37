import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TooManyRequestsError } from '../errors/domain-errors.js';

export type RateLimitName =
  | 'login' | 'new-member-question' | 'comment' | 'vote'
  | 'register' | 'password-reset' | 'password-reset-address' | 'confirmation-mail' | 'two-factor';

/** Account e-mails and sign-ups: per client address, and (reset, confirmation) per e-mail address or member. */
export const ACCOUNT_LIMITS = {
  register: { points: 5, durationSeconds: 3600 },
  passwordReset: { points: 10, durationSeconds: 3600 },
  passwordResetAddress: { points: 3, durationSeconds: 3600 },
  confirmationMail: { points: 3, durationSeconds: 3600 },
} as const;

/** Second-factor codes a member may try in 15 minutes: a million codes stay out of reach. */
export const TWO_FACTOR_ATTEMPTS = 5;

interface Limit {
  points: number;
  durationSeconds: number;
  message: string;
}

/**
 * Named rate limits kept in PostgreSQL (table `rate_limits`), so every app instance counts
 * against the same budget. RATE_LIMITS=off turns them all off.
 */
const exemption = new AsyncLocalStorage<boolean>();

@Injectable()
export class RateLimitService {
  private readonly limiters = new Map<RateLimitName, RateLimiterPostgres>();
  private readonly limits: Record<RateLimitName, Limit>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limits = {
      login: {
        points: config.rateLimits.loginPerMinute,
        durationSeconds: 60,
        message: 'Too many attempts. Please wait {seconds} seconds and try again.',
      },
      // Per member: new members ask at most one question every 10 minutes.
      'new-member-question': {
        points: 1,
        durationSeconds: 600,
        message: 'New members can ask one question every 10 minutes. Please wait {seconds} seconds and try again.',
      },
      // Per member, whoever they are.
      comment: { points: 6, durationSeconds: 60, message: 'You are commenting too fast. Please wait {seconds} seconds and try again.' },
      vote: { points: 30, durationSeconds: 60, message: 'You are voting too fast. Please wait {seconds} seconds and try again.' },
      // Per member: second-factor codes (sign-in, fresh proof, turning it off), whichever client they come from.
      'two-factor': {
        points: TWO_FACTOR_ATTEMPTS,
        durationSeconds: 900,
        message: 'Too many two-factor codes tried. Please wait {seconds} seconds and try again.',
      },
      register: { ...ACCOUNT_LIMITS.register, message: 'Too many new accounts from your network. Please wait {seconds} seconds and try again.' },
      'password-reset': { ...ACCOUNT_LIMITS.passwordReset, message: 'Too many reset requests. Please wait {seconds} seconds and try again.' },
      'password-reset-address': { ...ACCOUNT_LIMITS.passwordResetAddress, message: 'Too many reset requests for this address. Please wait {seconds} seconds and try again.' },
      'confirmation-mail': { ...ACCOUNT_LIMITS.confirmationMail, message: 'We sent several confirmation e-mails already. Please wait {seconds} seconds and try again.' },
    };
  }

  /** Counts one attempt for `key`; throws TooManyRequestsError once the budget is spent. */
  /** Runs `work` outside every limit: operators' own writes (demo data, imports), never members'. */
  static exempt<T>(work: () => Promise<T>): Promise<T> {
    return exemption.run(true, work);
  }

  async consume(name: RateLimitName, key: string): Promise<void> {
    if (!this.config.rateLimits.enabled || exemption.getStore()) return;
    try {
      await this.limiter(name).consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new TooManyRequestsError(this.limits[name].message.replace('{seconds}', String(seconds)));
    }
  }

  private limiter(name: RateLimitName): RateLimiterPostgres {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
      limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pg',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: name,
        points: this.limits[name].points,
        duration: this.limits[name].durationSeconds,
      });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
