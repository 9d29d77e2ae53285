/**
 * Nest 12 ships as ES modules and Jest (on Node 20) loads those only in its native ESM mode, so the TypeScript of
 * tests and sources is compiled to ES modules here (tsconfig.spec.json) and run with --experimental-vm-modules.
 * Unit specs sit beside the code (src/, libs/); end-to-end tests under test/ use the real services.
 */
module.exports = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: '.',
  testRegex: '(src|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@lib/common(.*)$': '<rootDir>/libs/common/src$1',
    '^@lib/messages(.*)$': '<rootDir>/libs/messages/src$1',
    '^@lib/queue(.*)$': '<rootDir>/libs/queue/src$1',
    '^@lib/mailer(.*)$': '<rootDir>/libs/mailer/src$1',
    '^@lib/documents(.*)$': '<rootDir>/libs/documents/src$1',
  },
  testEnvironment: 'node',
  testTimeout: 60000,
  maxWorkers: 1,
};
