// Lint rules, including the import direction of DESIGN.md:
// core <- rbac <- (oauth, auth, spawn, proxy, services) <- (api, web) <- apps.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = {
  core: [],
  rbac: ['core'],
  proxy: ['core', 'rbac'],
  api: ['core', 'rbac', 'proxy'],
};
const allLibs = ['core', 'rbac', 'api', 'proxy'];

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
  { ignores: ['dist/**', 'node_modules/**', '.venv/**', '.ci-work/**', 'coverage/**'] },
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
);
