// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Workflow code is replayed from history: it must not reach the outside world. The pure
// domain core must not even depend on Temporal, so it can serve projection and tests alike.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioLibraries = ['pg', 'pg-*', 'kysely', 'kysely-*', '@electric-sql/*', 'pino', 'pino-*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];
const forbidIo = (extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({ name, message: 'workflow and domain code must be deterministic: no Node built-ins; do I/O in an activity' })),
      patterns: [
        { group: [...ioLibraries, ...extra], message: 'workflow and domain code must be deterministic: no I/O libraries; do I/O in an activity' },
        { group: ['**/store/**', '**/activities/**', '**/worker/**', '**/api/**'], allowTypeImports: true, message: 'only types may be imported from I/O layers' },
      ],
    },
  ],
  'no-restricted-globals': ['error', { name: 'process', message: 'no environment access in deterministic code' }, { name: 'fetch', message: 'no I/O in deterministic code' }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'coverage/**', 'web/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['workflows/**/*.ts'], rules: forbidIo() },
  {
    files: ['domain/**/*.ts'],
    rules: {
      ...forbidIo(['@temporalio/*']),
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'the domain is pure: take the time from the decision context' },
        { object: 'Math', property: 'random', message: 'the domain is pure: take ids from the decision context' },
      ],
    },
  },
);
