import base from './jest.config.js';
export default { ...base, testMatch: ['**/test/browser/**/*.test.ts'], testTimeout: 120000, maxWorkers: 1 };
