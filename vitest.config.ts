import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The Temporal SDK's native bridge is happiest in child processes.
    pool: 'forks',
    testTimeout: 60_000,
    // The first run may build the Temporal CLI with Go: minutes, with progress in the log.
    hookTimeout: 15 * 60_000,
  },
});
