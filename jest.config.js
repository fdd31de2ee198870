// Two projects: fast unit specs beside the code, and e2e suites under test/ that boot the hub.
const moduleNameMapper = {
  '^@orrery/(core|rbac|api|proxy)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/migrations/**/*.spec.ts',
      ],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/e2e/fixtures/quiet-logs.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'contracts',
      testMatch: ['<rootDir>/test/contracts/**/*.contract-spec.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'compat',
      testMatch: ['<rootDir>/test/compat/**/*.compat-spec.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
  ],
};
