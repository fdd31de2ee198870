// Lint rules, including the import direction of DESIGN.md:
// core <- rbac <- (oauth, auth, proxy) <- spawn <- api <- web <- apps.
// spawn uses the proxy client; web reuses the API's credential resolution and scope guard.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = {
  core: [],
  rbac: ['core'],
  proxy: ['core', 'rbac'],
  oauth: ['core', 'rbac'],
  auth: ['core', 'rbac'],
  spawn: ['core', 'rbac', 'proxy'],
  api: ['core', 'rbac', 'proxy', 'oauth', 'auth', 'spawn'],
  web: ['core', 'rbac', 'proxy', 'oauth', 'auth', 'spawn', 'api'],
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
