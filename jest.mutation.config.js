// The jest config of `npm run test:mutation` (stryker.config.mjs): only the unit specs that
// exercise the mutated folders; the rest of the unit tier never reaches them.
module.exports = {
  testMatch: [
    '<rootDir>/libs/rbac/src/**/*.spec.ts',
    '<rootDir>/libs/api/src/auth/**/*.spec.ts',
    '<rootDir>/libs/proxy/src/route-*.spec.ts',
  ],
  moduleNameMapper: {
    '^@orrery/(core|rbac|api|proxy|spawn|oauth|auth|web)$': '<rootDir>/libs/$1/src',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  modulePathIgnorePatterns: ['<rootDir>/.venv/'],
  testEnvironment: 'node',
};
