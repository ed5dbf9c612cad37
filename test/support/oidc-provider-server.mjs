// A real, certified OpenID provider (the `oidc-provider` package) for the single sign-on tests,
// run as a child process: the package is ESM and keeps process-wide state, so it stays out of
// jest's module system. Prints {"issuer": …} on its first line of output once it listens.
//
// Test controls (plain HTTP, this test server only):
//   POST /test/accounts  {"sub", …claims}      an account the next sign-ins may use (login_hint = sub)
//   POST /test/tamper    {"aud"|"iss"|"expired"} the next token response carries an ID token changed so
//                                              (signed with the provider's own key: only the claim is wrong)
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, decodeJwt, decodeProtectedHeader, SignJWT, importJWK } from 'jose';
import Provider from 'oidc-provider';

const { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
const accounts = new Map();
let tamper = null;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const signingKey = await importJWK(jwk, 'RS256');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://localhost:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_post' }],
  jwks: { keys: [jwk] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'nickname'] },
  // The scope's claims in the ID token itself (the relying party reads only the ID token).
  conformIdTokenClaims: false,
  findAccount: (_ctx, sub) => {
    const claims = accounts.get(sub);
    return claims ? { accountId: sub, claims: () => ({ sub, ...claims }) } : undefined;
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['test-cookie-key'] },
});
provider.on('server_error', (_ctx, error) => console.error(error));

const readJson = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body ? JSON.parse(body) : {}));
  });

async function tamperedIdToken(idToken, change) {
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  if (change.aud) claims.aud = change.aud;
  if (change.iss) claims.iss = change.iss;
  if (change.expired) {
    claims.iat = Math.floor(Date.now() / 1000) - 7200;
    claims.exp = Math.floor(Date.now() / 1000) - 3600;
  }
  return new SignJWT(claims).setProtectedHeader(header).sign(signingKey);
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/test/accounts') {
      const { sub, ...claims } = await readJson(req);
      accounts.set(sub, claims);
      return res.end('{}');
    }
    if (req.method === 'POST' && req.url === '/test/tamper') {
      tamper = await readJson(req);
      return res.end('{}');
    }
    if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      // Signs in as the account named by login_hint and consents to what the client asked.
      const details = await provider.interactionDetails(req, res);
      const accountId = details.params.login_hint;
      if (!accounts.has(accountId)) {
        return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown test account' }, { mergeWithLastSubmission: false });
      }
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    }
    if (req.method === 'POST' && req.url === '/token' && tamper) {
      const change = tamper;
      tamper = null;
      const end = res.end.bind(res);
      const chunks = [];
      res.write = (chunk) => (chunks.push(Buffer.from(chunk)), true);
      res.end = (chunk) => {
        if (chunk) chunks.push(Buffer.from(chunk));
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!body.id_token) return end(JSON.stringify(body));
        tamperedIdToken(body.id_token, change).then((idToken) => {
          const text = JSON.stringify({ ...body, id_token: idToken });
          res.setHeader('Content-Length', Buffer.byteLength(text));
          end(text);
        });
        return res;
      };
    }
    return callback(req, res);
  } catch (error) {
    console.error(error);
    res.statusCode = 500;
    res.end('test provider error');
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
