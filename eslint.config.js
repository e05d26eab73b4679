// Lint: typescript-eslint's type-aware rules over the server, its tests and benchmarks, and the tab UI (with its
// own tsconfig). Formatting is Prettier's (`npm run format`); lint checks that it was applied (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // The layers: Teams and the web talk to services, and only services (and jobs) reach the store.
    files: ['src/teams/**', 'src/web/**', 'src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/store/*'], message: 'Use a service (src/services/); view types are in services/views/.' },
          ],
        },
      ],
    },
  },
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
