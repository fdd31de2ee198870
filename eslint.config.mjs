// Lint rules, including the import direction of the libraries. Each lib's README says what it
// may import ("May import:"); `layers` is the same list, and test/lint/layer-rule.spec.ts
// shows a forbidden import refused. libs/proxy is also the standalone proxy, so it takes Node
// built-ins only: nothing of Orrery, no packages.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = {
  core: [],
  rbac: ['core'],
  proxy: [],
  oauth: ['core', 'rbac'],
  auth: ['core', 'rbac'],
  spawn: ['core', 'rbac', 'proxy'],
  api: ['core', 'rbac', 'proxy', 'oauth', 'auth', 'spawn'],
  runtime: ['core', 'rbac', 'proxy', 'oauth', 'auth', 'spawn', 'api'],
  web: ['core', 'rbac', 'proxy', 'oauth', 'auth', 'spawn', 'api', 'runtime'],
  courses: ['core', 'rbac', 'proxy', 'oauth', 'auth', 'spawn', 'api', 'runtime'],
};
const allLibs = Object.keys(layers);

const layerRules = Object.entries(layers).map(([lib, allowed]) => ({
  files: [`libs/${lib}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['**/apps/**'], message: 'libs never import from apps' },
          ...(lib === 'proxy'
            ? [{ regex: '^(?!node:|\\.)', message: 'libs/proxy imports Node built-ins only' }]
            : []),
          ...allLibs
            .filter((other) => other !== lib && !allowed.includes(other))
            .map((other) => ({
              group: [`@orrery/${other}`, `**/libs/${other}/**`],
              message: `libs/${lib} may import only ${allowed.join(', ') || 'nothing from other libs'}`,
            })),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.venv/**',
      '.ci-work/**',
      'coverage/**',
      '.stryker-tmp/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  ...layerRules,
  {
    // an un-awaited `expect(promise).rejects...` passes whatever the promise does
    files: ['test/**/*.ts', '**/*.spec.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
);
