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

  it('a SESSION_SECRET that is given must still be long enough, for the CLI too', () => {
    expect(() => loadConfig({ ...production, SESSION_SECRET: 'short' }, 'cli')).toThrow('SESSION_SECRET must be at least 32 characters long');
  });
});
