import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts', 'test/host/**/*.test.ts', 'test/scene/**/*.test.ts', 'test/electron/**/*.test.ts', 'test/package/**/*.test.ts'],
    environment: 'node',
  },
});
