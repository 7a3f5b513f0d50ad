import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts', 'test/host/**/*.test.ts', 'test/scene/**/*.test.ts'],
    environment: 'node',
    // Some tests start the host as a command (tsx): on a shared, loaded machine that alone can take
    // several seconds. The tests wait on what the command prints, never on a clock.
    testTimeout: 30_000,
  },
});
