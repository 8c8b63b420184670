/**
 * Shared jest preset. ts-jest in ESM mode (the packages are `"type": "module"`); type checking is
 * left to `tsc --noEmit` (the `typecheck` task), so ts-jest only transpiles, which keeps test start-up fast.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
  setupFiles: ['<rootDir>/../../jest.env.cjs'],
};
