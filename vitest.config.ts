import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file gets its own database; two cores run two files at a time.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
