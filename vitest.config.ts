import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'] } },
      // Real headless Chromium (Debian's /usr/bin/chromium via playwright-core): one browser per file.
      { extends: true, test: { name: 'browser', include: ['test/**/*.browser.test.ts'], testTimeout: 60_000 } },
    ],
  },
})
