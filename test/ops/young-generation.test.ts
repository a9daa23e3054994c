import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { semiSpaceMb, YOUNG_GENERATION_FLAG } from '../../src/ops/young-generation.ts'

describe('young generation size', () => {
  it('reads the semi-space size from node flags or NODE_OPTIONS (the last one wins)', () => {
    expect(semiSpaceMb([], '')).toBeUndefined()
    expect(semiSpaceMb(['--import', 'tsx', '--max-semi-space-size=64'], '')).toBe(64)
    expect(semiSpaceMb([], '--max-old-space-size=512 --max-semi-space-size=32')).toBe(32)
    expect(semiSpaceMb(['--max-semi-space-size=8'], '--max-semi-space-size=32')).toBe(8)
  })

  it('production starts with it: Dockerfile and npm start', () => {
    expect(readFileSync('Dockerfile', 'utf8')).toContain(`"node", "${YOUNG_GENERATION_FLAG}", "--import", "tsx", "src/main.ts"`)
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start
    expect(start).toContain(YOUNG_GENERATION_FLAG)
  })
})
