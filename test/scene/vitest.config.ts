import { defineConfig } from 'vitest/config';

// The scene's pure modules (captions, layout, timeline, format), without a browser:
//   npx vitest run --config test/scene/vitest.config.ts
export default defineConfig({
  test: {
    include: ['test/scene/**/*.test.ts'],
    environment: 'node',
  },
});
