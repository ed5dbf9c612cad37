import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { APP_LOGGER } from '../../common/logging/logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { isProviderUnreachable, SsoRejectedError, SsoUnavailableError } from './sso-errors.js';

export const CALLBACK_PATH = '/login/sso/callback';
const TIMEOUT_SECONDS = 10;

/** What one authorization request must be checked against when the browser comes back. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The OpenID Connect relying party (openid-client): discovery (kept once it succeeds), the
 * authorization code flow with PKCE, state and nonce, and the ID token's validation (issuer,
 * audience, signature, expiry, nonce), all done by the library.
 */
@Injectable()
export class OidcClient {
  private configuration?: Promise<client.Configuration>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  get label(): string {
    return this.settings.label;
  }

  get issuer(): string {
    return this.settings.issuer;
  }

  private get settings() {
    if (!this.config.signIn.oidc) throw new NotFoundError('Single sign-on is not set up on this site.');
    return this.config.signIn.oidc;
  }

  get redirectUri(): string {
    return `${this.config.mail.publicUrl}${CALLBACK_PATH}`;
  }

  async authorizationUrl(): Promise<{ url: string; checks: AuthorizationChecks }> {
    const configuration = await this.discover();
    const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, checks };
  }

  /** Exchanges the code in the callback for validated ID token claims. */
  async claims(callbackQuery: string, checks: AuthorizationChecks): Promise<Record<string, unknown> & { sub: string; iss: string }> {
    const configuration = await this.discover();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, new URL(`${this.redirectUri}?${callbackQuery}`), {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SsoRejectedError('The sign-in did not include an ID token.');
      return claims as Record<string, unknown> & { sub: string; iss: string };
    } catch (error) {
      throw this.explain(error);
    }
  }

  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    this.configuration ??= client
      .discovery(new URL(issuer), clientId, undefined, clientSecret ? client.ClientSecretPost(clientSecret) : client.None(), {
        timeout: TIMEOUT_SECONDS,
        // Plain http only for an issuer on this machine (configuration refuses any other).
        execute: new URL(issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw this.explain(error);
      });
    return this.configuration;
  }

  private explain(error: unknown): Error {
    if (error instanceof SsoRejectedError || error instanceof SsoUnavailableError) return error;
    const label = this.settings.label;
    const detail = { err: error, code: (error as { code?: string }).code, cause: String((error as { cause?: unknown }).cause ?? '') };
    if (isProviderUnreachable(error)) {
      this.logger.warn(detail, 'single sign-on: provider unreachable');
      return new SsoUnavailableError(`We could not reach ${label} just now. Please try again in a few minutes.`);
    }
    this.logger.warn(detail, 'single sign-on: response refused');
    return new SsoRejectedError(`Signing in with ${label} did not work: its answer could not be verified. Please start again.`);
  }
}
