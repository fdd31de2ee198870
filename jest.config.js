// Projects: unit specs beside the code; e2e suites that boot the hub; contract suites run
// against every implementation; compat suites against the real Python peers; browser suites in
// Chromium; docker suites against a real Docker Engine and the images of images/.
const moduleNameMapper = {
  '^@orrery/(core|rbac|api|proxy|spawn|oauth|auth|web|courses|runtime)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] };
module.exports = {
  // the Python venvs hold copies of the same JS packages; jest must not index them
  modulePathIgnorePatterns: ['<rootDir>/.venv/'],
  projects: [
    {
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/migrations/**/*.spec.ts',
        '<rootDir>/test/lint/**/*.spec.ts',
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
    {
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'docker',
      testMatch: ['<rootDir>/test/docker/**/*.docker-spec.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
  ],
};
