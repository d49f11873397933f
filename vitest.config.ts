import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Built-in graders import the package by name, exactly as a user's plugin does; in tests that name
// points at the sources so no build is needed to run a unit test.
const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^transcript-grader\/plugin$/, replacement: fromRoot('./src/plugin.ts') },
      { find: /^transcript-grader\/graders$/, replacement: fromRoot('./src/graders.ts') },
      { find: /^transcript-grader\/testing$/, replacement: fromRoot('./src/testing/index.ts') },
      { find: /^transcript-grader$/, replacement: fromRoot('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // The JSON report lets .ci/run print a plain "N passed, N failed" line for whoever reads CI's log.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-results.json' },
  },
});
