// The jest config of `npm run test:mutation` (stryker.config.mjs): only the unit specs that
// exercise the mutated folders; the rest of the unit tier never reaches them.
// MUTATION_SPECS=a.spec.ts,b.spec.ts narrows a run over a few files (`--mutate`) to their specs:
// a static mutant (a module-level constant) runs every spec, which on a busy machine costs
// minutes per mutant. Narrowing can only miss killers, so a narrowed score is a lower bound.
const only = process.env.MUTATION_SPECS?.split(',').map((spec) => `<rootDir>/${spec.trim()}`);

module.exports = {
  testMatch: only ?? [
    '<rootDir>/libs/rbac/src/**/*.spec.ts',
    '<rootDir>/libs/api/src/auth/**/*.spec.ts',
    '<rootDir>/libs/proxy/src/route-*.spec.ts',
  ],
  // jest maps the roots on every run Stryker makes (one per mutant): the mutated code and what
  // it imports live in libs/ and migrations/, and the rest of the tree only slows each run.
  roots: ['<rootDir>/libs', '<rootDir>/migrations'],
  moduleNameMapper: {
    '^@orrery/(core|rbac|api|proxy|spawn|oauth|auth|web)$': '<rootDir>/libs/$1/src',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  modulePathIgnorePatterns: ['<rootDir>/.venv/'],
  testEnvironment: 'node',
};
