import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// One folder of trained classifier weights for the whole run (MODEL_CACHE_DIR, src/runtime.ts): the test files and
// every assistant or CLI process they start read the weights of the shipped content instead of training them again
// (test/helpers/warm-model-cache.ts trains them once, before the first file). Kept between runs of this checkout;
// files are keyed by their training inputs, so edited content or training code simply trains anew. The tests of
// cold training and of the cache itself use folders of their own.
process.env.MODEL_CACHE_DIR ??= join(tmpdir(), `migrasi-test-models-${createHash('sha256').update(resolve('.')).digest('hex').slice(0, 12)}`)

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/helpers/warm-model-cache.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'] } },
      // Real headless Chromium (Debian's /usr/bin/chromium via playwright-core): one browser per file.
      { extends: true, test: { name: 'browser', include: ['test/**/*.browser.test.ts'], testTimeout: 60_000 } },
    ],
  },
})
