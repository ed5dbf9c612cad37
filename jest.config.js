/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.browser-spec.ts', '<rootDir>/src/**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testSequencer: '<rootDir>/test/support/slowest-first.sequencer.js',
  testTimeout: 60_000,
  // One worker per core (jest's default leaves one idle): suites wait on PostgreSQL and Chromium
  // as much as they compute, so on 2 cores two workers finish well ahead of one.
  maxWorkers: '100%',
  // Each suite loads the whole app into a fresh module registry, and a worker's heap only grows
  // (1.3 GB after 15 suites): past this, the worker is replaced after its current suite. On 28
  // e2e suites with 2 workers this took the run from 146 s to 93 s, CPU time from 169 s to 150 s.
  workerIdleMemoryLimit: '800MB',
};
