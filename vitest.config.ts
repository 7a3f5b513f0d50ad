import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts', 'test/host/**/*.test.ts', 'test/scene/**/*.test.ts', 'test/electron/**/*.test.ts', 'test/package/**/*.test.ts'],
    environment: 'node',
    // Generous limits: on a shared 2-core machine a child process can take many seconds to start.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A host started without a data folder of its own keeps progress and past races in a
    // temporary one, never in the user's.
    env: { BACKPROP_ARENA_DATA_DIR: mkdtempSync(join(tmpdir(), 'bpa-vitest-')) },
  },
});
