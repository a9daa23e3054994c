/**
 * Two kinds of danger in one message (issue 18: locked in AND the passport held): the main kind's help, then one
 * line of the other kind's; self-harm stated in a clause always gets the mental-health lines.
 */
import { describe, expect, it } from 'vitest'
import { alsoCrisis, crisisReplies } from '../../src/engine/crisis-reply.ts'
import type { CrisisResult } from '../../src/understanding/crisis.ts'
import { realBundle } from '../helpers/bundle.ts'

const main = (category: string): CrisisResult => ({ category, about: 'self', place: 'abroad', label: { id: '', en: '' }, phrase: 'x' })

describe('a second kind of danger', () => {
  it('finds the other kind a clause states by its own phrase', () => {
    const b = realBundle()
    expect(alsoCrisis(b, 'majikan kunci sy di rumah, paspor sy juga ditahan, sy ga bisa keluar', 'confinement')).toBe('documents_taken')
    expect(alsoCrisis(b, 'employer lock me inside and keep my passport', 'documents_taken')).toBe('confinement')
    expect(alsoCrisis(b, 'paspor sy ditahan agen', 'documents_taken')).toBeUndefined()
  })

  it('self-harm in a clause gets its lines, whatever the main kind, and adds one message only', () => {
    const b = realBundle()
    const text = 'paspor ditahan agen, pengen mati aja'
    expect(alsoCrisis(b, text, 'documents_taken')).toBe('self_harm')
    const before = crisisReplies(b, 'id', main('documents_taken'), {})
    const after = crisisReplies(b, 'id', main('documents_taken'), { text })
    expect(after.map((r) => r.key)).toContain('crisis.self_harm_lines_abroad')
    expect(after.length).toBeLessThanOrEqual(before.length + 1)
  })
})
