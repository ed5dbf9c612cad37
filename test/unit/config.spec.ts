import { ConfigError, loadConfig } from '../../src/config/app-config.js';

describe('configuration for the server and for the CLI', () => {
  const production = { NODE_ENV: 'production', DATA_DIR: '/nonexistent/answerbase-config-spec' };

  it('the server refuses production without SESSION_SECRET', () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow('SESSION_SECRET is required when NODE_ENV=production');
  });

  it('CLI commands, which serve no session, run in production without one and write no secret file', () => {
    const config = loadConfig(production, 'cli');
    expect(config.env).toBe('production');
    expect(config.sessionSecret).toBe('');
  });

  it('CLI commands run no job workers unless told to: a command that ends would take jobs and die holding them', () => {
    expect(loadConfig(production, 'cli').jobs.workers).toBe(false);
    expect(loadConfig({ ...production, JOB_WORKERS: 'true' }, 'cli').jobs.workers).toBe(true);
    expect(loadConfig({ ...production, SESSION_SECRET: 'x'.repeat(32) }, 'server').jobs.workers).toBe(true);
  });

  it('a SESSION_SECRET that is given must still be long enough, for the CLI too', () => {
    expect(() => loadConfig({ ...production, SESSION_SECRET: 'short' }, 'cli')).toThrow('SESSION_SECRET must be at least 32 characters long');
  });
});

describe('sign-in configuration', () => {
  const base = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), DATA_DIR: '/nonexistent/answerbase-config-spec' };
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig({ ...base, ...env });
      return '';
    } catch (error) {
      return (error as ConfigError).message;
    }
  };

  it('reads single sign-on, with a default label, and passwords for everyone by default', () => {
    const config = loadConfig({ ...base, OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'answerbase' });
    expect(config.signIn).toEqual({
      localLogin: 'all',
      twoFactorKey: base.SESSION_SECRET,
      oidc: { issuer: 'https://id.example.com', clientId: 'answerbase', clientSecret: undefined, label: 'single sign-on' },
    });
    expect(loadConfig(base).signIn.oidc).toBeUndefined();
  });

  it.each([
    [{ OIDC_ISSUER: 'https://id.example.com' }, 'OIDC_ISSUER and OIDC_CLIENT_ID are set together'],
    [{ OIDC_CLIENT_ID: 'answerbase' }, 'OIDC_ISSUER and OIDC_CLIENT_ID are set together'],
    [{ OIDC_ISSUER: 'http://id.example.com', OIDC_CLIENT_ID: 'x' }, 'OIDC_ISSUER must be an https:// URL'],
    [{ OIDC_ISSUER: 'ftp://id.example.com', OIDC_CLIENT_ID: 'x' }, 'OIDC_ISSUER must be a'],
    [{ LOCAL_LOGIN: 'staff-only' }, 'LOCAL_LOGIN=staff-only needs single sign-on'],
    [{ LOCAL_LOGIN: 'nobody' }, 'LOCAL_LOGIN must be one of all, staff-only'],
    [{ TWO_FACTOR_KEY: 'short' }, 'TWO_FACTOR_KEY must be at least 32 characters long'],
  ])('refuses %j', (env, message) => {
    expect(problemsOf(env)).toContain(message);
  });

  it('takes http:// for an issuer on this machine, and TWO_FACTOR_KEY over the session secret', () => {
    const config = loadConfig({ ...base, OIDC_ISSUER: 'http://localhost:9000', OIDC_CLIENT_ID: 'x', LOCAL_LOGIN: 'staff-only', TWO_FACTOR_KEY: 'k'.repeat(32) });
    expect(config.signIn.localLogin).toBe('staff-only');
    expect(config.signIn.twoFactorKey).toBe('k'.repeat(32));
  });
});
