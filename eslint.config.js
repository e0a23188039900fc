// @ts-check
import js from '@eslint/js';
import solid from 'eslint-plugin-solid/configs/typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'data', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ...solid,
  },
  {
    // One door to IndexedDB: only src/db may import dexie (see STYLE.md); zod only
    // through src/shared/zod.ts.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/db/**', 'src/shared/zod.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'Use src/db: it is the only door to IndexedDB.' },
            // Schemas must be built after z.config (see src/shared/zod.ts).
            { name: 'zod', message: 'Import z from src/shared/zod.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
