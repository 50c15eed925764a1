// The console's end-to-end tests: headless Chromium (Debian's) against a real API process that serves the built
// console (scripts/lib/e2e-api.sh). Run by scripts/test.sh; by hand: MASHANGYI_E2E_URL=… npx vitest run -c vitest.e2e.config.js
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.js'],
    testTimeout: 90000,
    hookTimeout: 60000,
    fileParallelism: false,
  },
});
