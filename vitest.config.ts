import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites start DynamoDB Local (a JVM) and the local engine; two cores only.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    // Request logs are for operators; tests keep warnings and errors only.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { 'functions/domain/**': { lines: 100 } },
    },
  },
});
