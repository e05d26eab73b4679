/** Unit and integration suites; the browser suite has its own config (jest.browser.config.js). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/test/{unit,integration}/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // A limit for a test that hangs, not a measure: generous, so a suite passes on a busy machine (waits are on
  // conditions, test/support/clusters.ts's until).
  testTimeout: 90_000,
  // Three workers on two cores: the suites spend much of their time waiting (Retry-After, back-off, Graph's
  // spacing), so a third overlaps those waits (2m41 against 3m22 on two idle cores).
  maxWorkers: 3,
  // Every Graph request the suites send through the stand-in is checked against Microsoft's types at the end.
  globalSetup: '<rootDir>/test/support/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.mjs',
};
