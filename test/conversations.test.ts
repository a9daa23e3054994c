import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatProblems } from '../src/content/problems.ts'
import { runTranscriptFile, transcriptFiles } from '../src/testing/transcripts.ts'
import { realBundle } from './helpers/bundle.ts'

const files = transcriptFiles(resolve('test/conversations'))

describe('conversation transcripts (test/conversations/*.yaml)', () => {
  it('there are transcripts to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(10)
  })
  for (const file of files) {
    it(file.split('/').pop()!, async () => {
      const result = await runTranscriptFile(file, realBundle())
      expect(formatProblems(result.problems)).toBe('')
    })
  }
})
