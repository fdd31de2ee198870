// Mutation testing of the authorisation core (issue 13): the RBAC functions, the scope guard and
// credentials, the route → scope declarations, and the proxy's route table. `npm run
// test:mutation`; slow, so not part of `npm test`. Reports go to test-results/mutation/.
// Equivalent mutants left alive are listed in test/mutation/README.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    configFile: 'jest.mutation.config.js',
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'libs/rbac/src/**/*.ts',
    'libs/api/src/auth/**/*.ts',
    'libs/proxy/src/route-*.ts',
    '!**/*.spec.ts',
    '!**/*.spec-helper.ts',
    '!**/index.ts',
  ],
  ignorePatterns: ['.venv', 'dist', 'images', 'test', 'test-results', '.ci-work', 'users'],
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 85, break: null },
};
