import base from '../../jest.config.js';

/** `npm run screenshots` (test/browser/screenshots.ts) on the tests' own setup: embedded PostgreSQL, the real app, Chromium. */
export default { ...base, rootDir: '../..', testMatch: ['<rootDir>/test/browser/screenshots.ts'] };
