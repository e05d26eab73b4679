// Lint: typescript-eslint's type-aware rules over the server, its tests and benchmarks, and the tab UI (with its
// own tsconfig). Formatting is Prettier's (`npm run format`); lint checks that it was applied (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The rooms of src/ and what each may not import (README, "Architecture"). The ground floor (domain/, views/)
 * imports nothing of ours beyond itself; the store and the ports know no service; only bot-framework/ touches
 * botbuilder, so that a move to the Teams SDK changes one folder. Import circles: scripts/check-import-cycles.mjs.
 */
const OUTER = ['services', 'jobs', 'conversation', 'bot-framework', 'web', 'graph', 'cli'];
const FORBIDDEN = {
  domain: ['store', 'views', 'ports', 'lib', 'i18n', 'embedded-postgres', ...OUTER],
  views: ['store', 'ports', 'lib', 'i18n', 'embedded-postgres', ...OUTER],
  lib: ['store', 'views', 'ports', 'i18n', ...OUTER],
  i18n: ['store', 'ports', ...OUTER],
  store: OUTER,
  ports: ['store', ...OUTER],
  'embedded-postgres': ['store', 'views', 'ports', 'domain', 'i18n', ...OUTER],
  graph: ['store', 'services', 'jobs', 'conversation', 'bot-framework', 'web', 'cli'],
  services: ['jobs', 'conversation', 'bot-framework', 'web', 'graph', 'cli'],
  jobs: ['services', 'conversation', 'bot-framework', 'web', 'graph', 'cli'],
  conversation: ['store', 'jobs', 'bot-framework', 'graph', 'cli', 'embedded-postgres'],
  web: ['store', 'jobs', 'conversation', 'bot-framework', 'graph', 'cli', 'embedded-postgres'],
  'bot-framework': ['store', 'graph', 'cli', 'embedded-postgres'],
  cli: ['conversation', 'bot-framework', 'web', 'jobs'],
};
const BOTBUILDER = {
  group: ['botbuilder', 'botbuilder-*', 'botbuilder/*', 'botframework-*', 'botframework-*/*'],
  message: 'Only src/bot-framework/ touches botbuilder (a move to the Teams SDK then changes one folder).',
};
function layerRules() {
  const rule = (forbidden) => [
    'error',
    {
      patterns: [
        ...forbidden.map((room) => ({
          group: [`**/${room}/*`, `**/${room}/**/*`],
          message: `This room may not import ${room}/ (the layers: README, "Architecture"; eslint.config.js).`,
        })),
        BOTBUILDER,
      ],
    },
  ];
  return [
    { files: ['src/**/*.ts'], ignores: ['src/bot-framework/**'], rules: { 'no-restricted-imports': rule([]) } },
    ...Object.entries(FORBIDDEN).map(([room, forbidden]) => ({
      files: [`src/${room}/**/*.ts`, `src/${room}/**/*.tsx`],
      rules: {
        'no-restricted-imports':
          room === 'bot-framework'
            ? ['error', { patterns: rule(forbidden)[1].patterns.slice(0, -1) }]
            : rule(forbidden),
      },
    })),
  ];
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-artifacts/', '.tools/', 'node_modules/', 'appPackage/build/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Our services and ports are closures in object literals, never classes that use `this`.
      '@typescript-eslint/unbound-method': 'off',
      // An async function that does not await yet still keeps its promise contract (ports, route handlers).
      '@typescript-eslint/require-await': 'off',
      // A closure may read a variable that is assigned once, later (the app's wiring).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  ...layerRules(),
  {
    // Tests and benchmarks read JSON answers and cards as they come (untyped) and assert on them; promises must still
    // be awaited.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
