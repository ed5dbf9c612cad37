import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { flash } from '../../common/http/flash.js';
import { safeReturnPath } from '../../common/http/request-kind.js';
import { UserAccountsService } from '../../users/user-accounts.service.js';
import { clientOf } from '../security-log/client-info.js';
import { SecurityLogService } from '../security-log/security-log.service.js';
import { SignInFlow } from '../sign-in/sign-in.flow.js';
import { IdentitiesService, type PendingIdentity } from './identities.service.js';
import { OidcClient, type AuthorizationChecks } from './oidc-client.js';
import { SsoRejectedError } from './sso-errors.js';
import { usernameCandidates } from './username-from-claims.js';

declare module 'express-session' {
  interface SessionData {
    /** One authorization request in flight: its checks, used once when the browser comes back. */
    oidc?: AuthorizationChecks & { next?: string; startedAt: number };
  }
}

/** A sign-in at the provider should take minutes, not hours. */
const FLOW_MS = 15 * 60 * 1000;

/** Single sign-on through OpenID Connect: sign in, create an account on first sign-in, or wait to link. */
@Injectable()
export class SsoService {
  constructor(
    private readonly oidc: OidcClient,
    private readonly identities: IdentitiesService,
    private readonly accounts: UserAccountsService,
    private readonly flow: SignInFlow,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** Where to send the browser to sign in at the provider. */
  async start(req: Request, next?: string): Promise<string> {
    const { url, checks } = await this.oidc.authorizationUrl();
    req.session.oidc = { ...checks, next: safeReturnPath(next), startedAt: Date.now() };
    return url;
  }

  /** The browser is back from the provider: where it goes next. */
  async callback(req: Request): Promise<string> {
    const pending = req.session.oidc;
    // Used once, whatever happens next: a replayed callback finds nothing to continue.
    delete req.session.oidc;
    if (!pending || Date.now() - pending.startedAt > FLOW_MS) {
      throw new SsoRejectedError(`This sign-in with ${this.oidc.label} has expired or was already used. Please start again.`);
    }
    const query = req.originalUrl.split('?')[1] ?? '';
    const claims = await this.oidc.claims(query, pending);
    const identity: PendingIdentity = { issuer: this.oidc.issuer, subject: claims.sub, email: typeof claims.email === 'string' ? claims.email : null, label: this.oidc.label };
    const client = clientOf(req);

    const known = await this.identities.signingIn(identity.issuer, identity.subject);
    if (known) {
      await this.securityLog.record('sso-sign-in', { userId: known.id, ...client, detail: { issuer: identity.issuer } });
      return this.flow.afterFirstFactor(req, known, pending.next);
    }
    if (req.user) {
      // Signed in already: the member links their own account.
      const label = await this.identities.link(req.user, identity, client);
      flash(req, 'success', `Your account is now linked with ${label}.`);
      return pending.next ?? '/';
    }
    if (!identity.email || claims.email_verified === false) {
      throw new SsoRejectedError(`${identity.label} did not share a confirmed e-mail address, so no account can be created. Ask your administrator.`);
    }
    if (await this.accounts.findByEmail(identity.email)) {
      // Never linked by e-mail alone: the account's owner signs in to it once, then it is linked.
      req.session.pendingIdentity = identity;
      flash(req, 'info', `An account with your e-mail address already exists here. Sign in to it once with its password to link it with ${identity.label}.`);
      return '/login';
    }
    const created = await this.identities.createAccount({ ...identity, email: identity.email }, usernameCandidates(claims), client);
    await this.securityLog.record('sso-sign-in', { userId: created.id, ...client, detail: { issuer: identity.issuer, created: true } });
    return this.flow.afterFirstFactor(req, created, pending.next);
  }
}
