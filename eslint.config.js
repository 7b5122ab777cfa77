import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The lint rules enforce the architecture: pure layers import no I/O libraries, nothing below
// the CLI prints, and type-only imports stay type-only.
const ioLibraries = ['axios', 'pg', 'pg-copy-streams', 'node:fs', 'node:fs/promises', 'fs'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.tmp/**',
      'views/**',
      'questions/**',
      'dashboards/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only the CLI entry exits.' },
        { object: 'process', property: 'cwd', message: 'Inject the working directory.' },
      ],
    },
  },
  {
    files: [
      'src/translate/**/*.ts',
      'src/desired/**/*.ts',
      'src/plan/**/*.ts',
      'src/catalog/**/*.ts',
      'src/reconcile/**/*.ts',
      'src/docs/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioLibraries.map((name) => ({ name, message: 'This layer is pure: inject I/O.' })),
        },
      ],
    },
  },
);
