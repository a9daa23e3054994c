import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatProblems } from '../src/content/problems.ts'
import { fixtureRegistry, runTranscriptFile, transcriptFiles } from '../src/testing/transcripts.ts'
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

describe('transcripts do not depend on the registry an officer imported', () => {
  it('every transcript passes with a (fictional) registry imported', async () => {
    const fixture = fixtureRegistry(resolve('test/fixtures/agencies-fiktif.csv'), '2026-11-01', process.cwd())
    expect(fixture.registry).toBeDefined()
    const imported = { ...realBundle(), agencies: fixture.registry }
    const failures: string[] = []
    for (const file of files) {
      const result = await runTranscriptFile(file, imported)
      if (result.problems.length > 0) failures.push(formatProblems(result.problems))
    }
    expect(failures.join('\n')).toBe('')
  })
})
