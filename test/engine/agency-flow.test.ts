/**
 * The agency conversation's safety rule, over many queries on a fictional registry: "licensed" (agency.licensed)
 * only for an exact name or licence number; a near match is offered as choices, and choosing one shows that entry's
 * own status. Also the `matches` catalog: stable choice ids, duplicate names told apart by licence number.
 */
import { describe, expect, it } from 'vitest'
import type { Bundle } from '../../src/content/bundle.ts'
import { handleMessage, listOptions } from '../../src/engine/engine.ts'
import type { Reply, Session } from '../../src/engine/types.ts'
import { buildRegistry, effectiveStatus, normalizeAgencyName, normalizeLicense, type Agency } from '../../src/knowledge/agencies.ts'
import { realBundle } from '../helpers/bundle.ts'
import { AS_OF, SPECIAL, TODAY, fictionalAgencies } from '../helpers/fictional-registry.ts'

const NOW = Date.parse(`${TODAY}T03:00:00Z`) // 10:00 WIB on the question day
const rows: Agency[] = [...Object.values(SPECIAL), ...fictionalAgencies(300, { asOf: AS_OF })]
const bundle: Bundle = { ...realBundle(), agencies: buildRegistry(rows, AS_OF) }
const VERDICT_KEY = { active: 'agency.licensed', suspended: 'agency.suspended', revoked: 'agency.revoked', expired: 'agency.expired' } as const

let counter = 0
/** Sends one message (text or the id of a shown choice); returns the new session and the replies. */
function send(session: Session | undefined, message: { text?: string; choice?: string }): { session: Session; replies: Reply[] } {
  const result = handleMessage(session, { channel: 'terminal', userId: 'u', messageId: `m${++counter}`, now: NOW + counter, ...message }, bundle)
  return { session: result.session!, replies: result.replies }
}

function askAgency(query: string): { session: Session; replies: Reply[] } {
  const start: Session = { v: 1, lang: 'id', pos: { flow: 'agency', step: 'ask_name', answers: {}, tries: 0, history: [] }, createdAt: NOW, updatedAt: NOW }
  return send(start, { text: query })
}

const keys = (replies: Reply[]) => replies.map((r) => r.key)
// "Maksud Anda salah satu ini?" (agency.pick) or, for one candidate, "Apakah ini yang Anda maksud?" (agency.pick_one).
const pickChoices = (replies: Reply[]) => replies.find((r) => r.key === 'agency.pick' || r.key === 'agency.pick_one')?.choices ?? []

const registered = new Set(rows.flatMap((r) => [normalizeAgencyName(r.name), normalizeLicense(r.license)]))

/** Ways users get a name almost right (none of them the exact name or licence of another entry). */
function nearVariants(agency: Agency): string[] {
  const words = agency.name.split(' ')
  return [
    agency.name.replace(/a/, 'e'), // a typo
    words.slice(0, -1).join(' '), // a word dropped
    `apakah ${agency.name} resmi?`, // "resmi" could end a company name
    `CV ${normalizeAgencyName(agency.name)}`, // a CV is not a P3MI
    `${agency.name} Cabang Cirebon`, // a longer text around the name
    agency.license.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10)), // a licence number with one wrong digit
  ].filter((q) => !registered.has(normalizeAgencyName(q)) && !registered.has(normalizeLicense(q)))
}

describe('agency flow: licensed only from an exact match', () => {
  const sample = rows.filter((_, i) => i < 14 || i % 9 === 0)

  it('never answers "licensed" to a near match, and offers choices instead', () => {
    let offered = 0
    for (const agency of sample) {
      for (const query of nearVariants(agency)) {
        const { replies } = askAgency(query)
        expect(keys(replies), query).not.toContain('agency.licensed')
        if (keys(replies).some((k) => k === 'agency.pick' || k === 'agency.pick_one')) offered++
      }
    }
    expect(offered).toBeGreaterThan(sample.length)
  })

  it('choosing a candidate shows exactly that entry: its licence number and its own status', () => {
    let checked = 0
    for (const agency of sample) {
      const asked = askAgency(nearVariants(agency)[0]!)
      for (const [i, choice] of pickChoices(asked.replies).entries()) {
        if (!choice.id.includes(':p')) continue // "ketik ulang" and "bukan salah satunya"
        const { replies } = send(asked.session, { choice: choice.id })
        // The label is the name, with the licence number (and city) for twins and a warning status ("PT X (izin dicabut)").
        const entry = rows.find((r) => choice.label.includes(r.license)) ?? rows.filter((r) => choice.label.startsWith(r.name)).sort((a, b) => b.name.length - a.name.length)[0]!
        const verdict = replies.find((r) => r.key?.startsWith('agency.') && Object.values(VERDICT_KEY).includes(r.key as never))
        expect(verdict?.key, `${choice.label} (#${i + 1})`).toBe(VERDICT_KEY[effectiveStatus(entry, TODAY)])
        expect(verdict?.text).toContain(entry.license)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(sample.length)
  })

  it('answers "licensed" to the exact name and to the licence number of an active entry', () => {
    for (const query of [SPECIAL.licensed.name, 'p.t. contoh maju-jaya fiktif', SPECIAL.licensed.license.toLowerCase().replace(/[./]/g, ' ')]) {
      expect(keys(askAgency(query).replies), query).toContain('agency.licensed')
    }
    expect(keys(askAgency(SPECIAL.lastDay.name).replies)).toContain('agency.licensed')
    expect(keys(askAgency(SPECIAL.expired.name).replies)).toContain('agency.expired')
  })

  it('tells two entries with the same name apart by licence number, and never calls either licensed before a choice', () => {
    const asked = askAgency('PT Contoh Kembar Fiktif')
    expect(keys(asked.replies)).not.toContain('agency.licensed')
    const labels = pickChoices(asked.replies).map((c) => c.label)
    expect(labels.some((l) => l.startsWith(`${SPECIAL.twinActive.name} (${SPECIAL.twinActive.license}`))).toBe(true)
    expect(labels.some((l) => l.startsWith(`${SPECIAL.twinRevoked.name} (${SPECIAL.twinRevoked.license}`))).toBe(true)
    const revoked = pickChoices(asked.replies).find((c) => c.label.includes(SPECIAL.twinRevoked.license))!
    expect(keys(send(asked.session, { choice: revoked.id }).replies)).toContain('agency.revoked')
  })

  it('gives a candidate the same choice id in every list, so an old button never picks another company', () => {
    const first = pickChoices(askAgency(nearVariants(SPECIAL.licensed)[0]!).replies)
    const second = pickChoices(askAgency(nearVariants(SPECIAL.licensed)[2]!).replies)
    const idOf = (choices: typeof first) => choices.find((c) => c.label === SPECIAL.licensed.name)?.id
    expect(idOf(first)).toBeDefined()
    expect(idOf(first)).toBe(idOf(second))
    // A button of a candidate the current list does not hold is not an answer.
    const other = askAgency('Contoh Kembar Fiktif')
    const { replies } = send(other.session, { choice: idOf(first)! })
    expect(keys(replies)).not.toContain('agency.licensed')
    expect(keys(replies)).toContain('agency.pick_invalid')
  })

  it('warns about a licence number next to another company\'s name, and about a CV', () => {
    const mismatch = askAgency(`PT Contoh Sinar Fiktif ${SPECIAL.licensed.license}`)
    expect(keys(mismatch.replies)).toEqual(expect.arrayContaining(['agency.ambiguous', 'agency.note_license_mismatch', 'agency.pick']))
    expect(keys(askAgency('CV Contoh Maju Jaya Fiktif').replies)).toContain('agency.note_not_pt')
  })
})

describe('options: matches', () => {
  it('reads a list of texts (id = position) or of { id, label, value } items, and skips anything else', () => {
    expect(listOptions(['A', 'B'])).toEqual([
      { id: '1', label: { id: 'A' }, synonyms: [], value: 'A' },
      { id: '2', label: { id: 'B' }, synonyms: [], value: 'B' },
    ])
    expect(listOptions([{ id: 'x', label: 'X', value: 'FIK.1' }, { id: 'y', label: 'Y' }, 3, null, { label: 'no id' }])).toEqual([
      { id: 'x', label: { id: 'X' }, synonyms: [], value: 'FIK.1' },
      { id: 'y', label: { id: 'Y' }, synonyms: [] },
    ])
    expect(listOptions(undefined)).toEqual([])
  })
})
