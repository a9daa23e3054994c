import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  agencyCheckJson,
  agencyNameTokens,
  buildRegistry,
  checkAgency,
  effectiveStatus,
  MAX_MATCHES,
  normalizeAgencyName,
  normalizeLicense,
  PURE_FILLER,
  type AgencyCheck,
  type AgencyRegistry,
} from '../../src/knowledge/agencies.ts'
import { benchAgencyLookup } from '../../src/bench/agency-bench.ts'
import { AS_OF, SPECIAL, TODAY, fictionalRegistryRows } from '../helpers/fictional-registry.ts'

const rows = fictionalRegistryRows(3000)
const registry = buildRegistry(rows, AS_OF)
const check = (query: string, reg: AgencyRegistry | undefined = registry) => checkAgency(reg, query, TODAY)
const names = (c: AgencyCheck) => c.matches.map((m) => m.name)

describe('normalizeLicense', () => {
  it('ignores spaces, dots, slashes, dashes and case', () => {
    const want = 'FIK9001SIP3MI2024'
    for (const v of ['FIK.9001/SIP3MI/2024', 'fik 9001 sip3mi 2024', 'FIK-9001-SIP3MI-2024', 'fik9001sip3mi2024', ' FIK . 9001 / SIP3MI / 2024 ', 'FIK–9001—SIP3MI/2024']) {
      expect(normalizeLicense(v), v).toBe(want)
    }
  })
  it('keeps leading zeros and other characters', () => {
    expect(normalizeLicense('FIK.0012')).not.toBe(normalizeLicense('FIK.12'))
    expect(normalizeLicense('A:1')).toBe('A:1')
  })
})

describe('normalizeAgencyName', () => {
  it('ignores case, punctuation, extra spaces and the legal form PT at either end', () => {
    const want = 'contoh maju jaya fiktif'
    for (const v of [
      'PT Contoh Maju Jaya Fiktif',
      'pt. contoh maju jaya fiktif',
      'P.T. Contoh Maju Jaya Fiktif',
      'P. T. Contoh Maju Jaya Fiktif',
      'PT.Contoh Maju Jaya Fiktif',
      'Contoh Maju Jaya Fiktif, PT',
      'Contoh Maju Jaya Fiktif, P.T.',
      '  Contoh   Maju  Jaya Fiktif PT. ',
      'CONTOH MAJU-JAYA FIKTIF',
      'Contoh "Maju Jaya" Fiktif',
      'Contoh Maju Jaya Fiktif',
      'Cóntoh Maju Jaya Fiktif',
    ]) {
      expect(normalizeAgencyName(v), v).toBe(want)
    }
  })
  it('joins initials and keeps PT in the middle and CV', () => {
    expect(normalizeAgencyName('P.T. Contoh A.B.C. Fiktif')).toBe('contoh abc fiktif')
    expect(normalizeAgencyName('PT Contoh ABC Fiktif')).toBe('contoh abc fiktif')
    expect(normalizeAgencyName('Contoh Sinar PT Samudra Fiktif')).toBe('contoh sinar pt samudra fiktif')
    expect(normalizeAgencyName('CV Contoh Maju Jaya Fiktif')).toBe('cv contoh maju jaya fiktif')
    expect(agencyNameTokens('PT')).toEqual([])
  })
})

describe('checkAgency verdicts', () => {
  it('is no_registry when nothing was imported', () => {
    expect(checkAgency(undefined, 'PT Contoh Maju Jaya Fiktif', TODAY)).toEqual({
      query: 'PT Contoh Maju Jaya Fiktif',
      verdict: 'no_registry',
      as_of: null,
      matches: [],
      notes: [],
    })
    expect(checkAgency(buildRegistry([], AS_OF), 'x', TODAY).verdict).toBe('no_registry')
  })

  it('is licensed for an exact name of an active, unexpired licence, and says the registry date', () => {
    const c = check('PT Contoh Maju Jaya Fiktif')
    expect(c.verdict).toBe('licensed')
    expect(c.as_of).toBe(AS_OF)
    expect(c.matches[0]).toMatchObject({ name: SPECIAL.licensed.name, license: SPECIAL.licensed.license, status: 'active', valid_until: '2028-12-31', score: 1, city: 'Kota Contoh' })
  })

  it('after a licensed match, lists longer registered names that contain it', () => {
    const c = check('PT Contoh Maju Jaya Fiktif')
    expect(c.matches.length).toBeGreaterThan(1)
    for (const m of c.matches.slice(1)) {
      expect(m.score).toBeLessThan(1)
      expect(agencyNameTokens(m.name)).toEqual(expect.arrayContaining(['contoh', 'maju', 'jaya', 'fiktif']))
    }
    const small = buildRegistry(Object.values(SPECIAL), AS_OF)
    expect(names(checkAgency(small, 'PT Contoh Maju Jaya Fiktif', TODAY))).toEqual([SPECIAL.licensed.name, SPECIAL.longerRevoked.name])
  })

  it('is suspended, revoked and expired for those entries; the last valid day is still licensed', () => {
    expect(check('PT Contoh Skorsing Fiktif').verdict).toBe('suspended')
    expect(check('PT Contoh Maju Jaya Abadi Fiktif').verdict).toBe('revoked')
    const expired = check('PT Contoh Kedaluwarsa Fiktif')
    expect(expired.verdict).toBe('expired')
    expect(expired.matches[0]!.status).toBe('expired')
    expect(check('PT Contoh Hari Terakhir Fiktif').verdict).toBe('licensed')
    expect(checkAgency(registry, 'PT Contoh Hari Terakhir Fiktif', '2026-01-21').verdict).toBe('expired')
  })

  it('is not_found when nothing is close, with no matches', () => {
    const c = check('PT Zzyzx Qwerty Plover')
    expect(c).toMatchObject({ verdict: 'not_found', matches: [] })
    expect(check('').verdict).toBe('not_found')
    expect(check('   ???  ').verdict).toBe('not_found')
  })

  it('finds every licence-number variant', () => {
    for (const v of ['FIK.9001/SIP3MI/2024', 'fik 9001 sip3mi 2024', 'FIK-9001-SIP3MI-2024', 'fik9001sip3mi2024', 'FIK . 9001 / SIP3MI / 2024', 'Nomor izin: FIK.9001/SIP3MI/2024', 'sip3mi no FIK.9001/SIP3MI/2024 resmi ga?', '(FIK.9001/SIP3MI/2024)']) {
      const c = check(v)
      expect(c.verdict, v).toBe('licensed')
      expect(c.matches[0]!.name, v).toBe(SPECIAL.licensed.name)
    }
    expect(check('FIK.9002/SIP3MI/2019').verdict).toBe('revoked')
  })

  it('finds every name variant', () => {
    for (const v of [
      'pt. contoh maju jaya fiktif',
      'P.T. Contoh Maju Jaya Fiktif',
      'Contoh Maju Jaya Fiktif, PT',
      'CONTOH   MAJU-JAYA FIKTIF',
      'Contoh Maju Jaya Fiktif',
      'PT nya namanya Contoh Maju Jaya Fiktif',
      'apakah PT Contoh Maju Jaya Fiktif ya?',
      'cek P3MI Contoh Maju Jaya Fiktif',
      'PPTKIS Contoh Maju Jaya Fiktif',
      'tolong cek perusahaan namanya PT. Contoh Maju Jaya Fiktif dong',
      'PT Contoh Maju Jaya Fiktif FIK.9001/SIP3MI/2024',
    ]) {
      const c = check(v)
      expect(c.verdict, v).toBe('licensed')
      expect(c.matches[0]!.name, v).toBe(SPECIAL.licensed.name)
    }
    expect(check('PT Contoh ABC Fiktif').verdict).toBe('licensed')
    expect(check('PT Contoh Sinar PT Samudra Fiktif').verdict).toBe('licensed')
  })

  it('is ambiguous for a part of a longer registered name, best candidates first', () => {
    const c = check('Contoh Maju Jaya')
    expect(c.verdict).toBe('ambiguous')
    expect(c.matches[0]!.name).toBe(SPECIAL.licensed.name)
    expect(c.matches.length).toBeLessThanOrEqual(MAX_MATCHES)
    expect(c.matches.every((m) => m.score < 1)).toBe(true)
    const scores = c.matches.map((m) => m.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })

  it('is ambiguous for typos, spacing, a longer text, PT moved, CV instead of PT', () => {
    const cases: [string, string][] = [
      ['PT Contoh Maju Jaja Fiktif', SPECIAL.licensed.name],
      ['PT Contoh Majoe Jaya Fiktif', SPECIAL.licensed.name],
      ['PT Contoh Maju Jaya Fiktf', SPECIAL.licensed.name],
      ['PT ContohMaju Jaya Fiktif', SPECIAL.licensed.name],
      ['PT Contoh Maju Jaya Fiktif Cirebon', SPECIAL.licensed.name],
      ['saya diajak kerja sama Contoh Maju Jaya Fiktif di cirebon', SPECIAL.licensed.name],
      ['Contoh Sinar Samudra Fiktif', SPECIAL.ptInMiddle.name],
      ['CV Contoh Maju Jaya Fiktif', SPECIAL.licensed.name],
      ['CV Contoh Maju Jaya', SPECIAL.licensed.name],
      ['Contoh Maju Jaya Cirebon', SPECIAL.licensed.name],
      ['Contoh Jaya Maju Fiktif', SPECIAL.licensed.name],
    ]
    for (const [q, best] of cases) {
      const c = check(q)
      expect(c.verdict, q).toBe('ambiguous')
      expect(names(c), q).toContain(best)
    }
    expect(check('CV Contoh Maju Jaya Fiktif').notes).toContain('not_pt')
  })

  it('never confirms a name found by stripping a word that may be part of a name ("resmi")', () => {
    const c = check('apakah PT Contoh Maju Jaya Fiktif resmi?')
    expect(c.verdict).toBe('ambiguous')
    expect(c.matches[0]).toMatchObject({ name: SPECIAL.licensed.name, score: 0.95 })
    expect(check('PT Contoh Sinar Fiktif Aman').verdict).toBe('ambiguous')
  })

  it('keeps a conversational word that ends a registered name', () => {
    // "Contoh Nusa Fiktif Nih" is registered (revoked): "nih" is not stripped to reach the licensed "Contoh Nusa Fiktif".
    expect(check('PT Contoh Nusa Fiktif Nih').verdict).toBe('revoked')
    expect(check('apakah Contoh Nusa Fiktif nih').verdict).toBe('revoked')
    expect(check('Contoh Nusa Fiktif').verdict).toBe('licensed')
    // Elsewhere too, "nih" at the end is then read as a possible part of a name: a suggestion, not a verdict.
    const c = check('Contoh Maju Jaya Fiktif nih')
    expect(c.verdict).toBe('ambiguous')
    expect(c.matches[0]!.name).toBe(SPECIAL.licensed.name)
    expect(check('Contoh Maju Jaya Fiktif ya').verdict).toBe('licensed')
  })

  it('is ambiguous for a licence number written with another company name', () => {
    const c = check('PT Contoh Sinar Fiktif FIK.9001/SIP3MI/2024')
    expect(c.verdict).toBe('ambiguous')
    expect(c.notes).toContain('license_name_mismatch')
    expect(names(c)).toEqual(expect.arrayContaining([SPECIAL.licensed.name, SPECIAL.other.name]))
    // A near name next to a licence is a mismatch too.
    expect(check('Contoh Maju Fiktif FIK.9001/SIP3MI/2024').verdict).toBe('ambiguous')
    // Two licence numbers of two companies.
    expect(check('FIK.9001/SIP3MI/2024 FIK.9006/SIP3MI/2022').verdict).toBe('ambiguous')
  })

  it('is ambiguous for a licence number with a typo or swapped digits', () => {
    for (const q of ['FIK.9001/SIP3MI/2025', 'FIK.0901/SIP3MI/2024', 'FIK.901/SIP3MI/2024']) {
      const c = check(q)
      expect(c.verdict, q).toBe('ambiguous')
      expect(names(c), q).toContain(SPECIAL.licensed.name)
    }
  })

  it('handles two entries with the same normalized name: same verdict decides, different verdicts are ambiguous', () => {
    const twins = check('PT Contoh Kembar Fiktif')
    expect(twins.verdict).toBe('ambiguous')
    expect(twins.matches.slice(0, 2).map((m) => m.score)).toEqual([1, 1])
    const same = check('Contoh Serupa Fiktif')
    expect(same.verdict).toBe('licensed')
    expect(names(same).slice(0, 2).sort()).toEqual([SPECIAL.sameA.name, SPECIAL.sameB.name].sort())
    // The licence number still tells them apart.
    expect(check('FIK.9011/SIP3MI/2018').verdict).toBe('revoked')
  })

  it('treats generated names and licences exactly too', () => {
    for (const a of rows.slice(100, 140)) {
      const want = effectiveStatus(a, TODAY) === 'active' ? 'licensed' : effectiveStatus(a, TODAY)
      expect(check(a.name).verdict, a.name).toBe(want)
      expect(check(a.license.toLowerCase().replace(/[./]/g, ' ')).verdict, a.license).toBe(want)
    }
  })

  it('ignores the rest of a very long message', () => {
    const c = check(`PT Contoh Maju Jaya Fiktif ${'bla '.repeat(500)}`)
    expect(c.verdict).toBe('ambiguous')
  })

  it('rejects a bad date argument', () => {
    expect(() => checkAgency(registry, 'x', '20-01-2026')).toThrow(/YYYY-MM-DD/)
  })

  it('has a JSON form with exactly the documented keys', () => {
    const json = agencyCheckJson(check('Contoh Maju Jaya'))
    expect(Object.keys(json)).toEqual(['query', 'verdict', 'as_of', 'matches'])
    expect(Object.keys(json.matches[0]!)).toEqual(['name', 'license', 'status', 'valid_until', 'score'])
  })
})

describe('never licensed without an exact match (property)', () => {
  const firstWords = new Set(rows.map((a) => agencyNameTokens(a.name)[0]))
  const lastWords = new Set(rows.map((a) => agencyNameTokens(a.name).at(-1)))
  /** Independent oracle: some active, unexpired entry whose name is the query's words with only safe filler around. */
  const exactlyLicensed = (query: string): boolean => {
    const tokens = agencyNameTokens(query)
    const license = normalizeLicense(query)
    return rows.some((a) => {
      if (effectiveStatus(a, TODAY) !== 'active') return false
      if (normalizeLicense(a.license) === license) return true
      const name = agencyNameTokens(a.name)
      for (let start = 0; start + name.length <= tokens.length; start++) {
        const end = start + name.length
        if (tokens.slice(start, end).join(' ') !== name.join(' ')) continue
        const safe = (words: Set<string | undefined>) => (t: string) => PURE_FILLER.has(t) && (t === 'pt' || !words.has(t))
        if (tokens.slice(0, start).every(safe(firstWords)) && tokens.slice(end).every(safe(lastWords))) return true
      }
      return false
    })
  }

  const entry = fc.constantFrom(...rows.filter((a) => effectiveStatus(a, TODAY) === 'active'))
  const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''))
  const word = fc.string({ unit: letter, minLength: 1, maxLength: 8 })
  type Mutation = (words: string[]) => string[]
  const edit = (f: (w: string, pos: number, ch: string) => string): fc.Arbitrary<Mutation> =>
    fc.tuple(fc.nat(), fc.nat(), letter).map(([wi, pos, ch]) => (words: string[]) => {
      const i = wi % words.length
      const w = words[i]!
      return words.map((x, j) => (j === i ? f(w, pos % (w.length + 1), ch) : x))
    })
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    edit((w, p, ch) => w.slice(0, p) + ch + w.slice(p + 1)), // substitute
    edit((w, p, ch) => w.slice(0, p) + ch + w.slice(p)), // insert
    edit((w, p) => w.slice(0, p) + w.slice(p + 1)), // delete
    edit((w, p) => (p + 1 < w.length ? w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2) : w)), // transpose
    fc.nat().map((i) => (words: string[]) => words.filter((_, j) => j !== i % words.length)), // drop a word
    fc.tuple(fc.nat(), word).map(([i, w]) => (words: string[]) => [...words.slice(0, i % (words.length + 1)), w, ...words.slice(i % (words.length + 1))]), // add a word
    fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (words: string[]) => {
      const out = [...words]
      const a = i % out.length
      const b = j % out.length
      ;[out[a], out[b]] = [out[b]!, out[a]!]
      return out
    }), // swap words
    fc.constant((words: string[]) => ['CV', ...words]),
    fc.constantFrom('resmi', 'aman', 'legal', 'terdaftar').map((w) => (words: string[]) => [...words, w]),
  )
  const filler = fc.array(fc.constantFrom('apakah', 'cek', 'PT nya', 'namanya', 'ya', 'ga', 'p3mi', 'resmi', 'tolong', 'dong'), { maxLength: 2 })
  const nearMiss = fc
    .tuple(entry, fc.array(mutation, { minLength: 1, maxLength: 3 }), filler, filler, fc.boolean())
    .map(([a, mutations, before, after, upper]) => {
      let words = a.name.split(' ')
      for (const m of mutations) words = words.length > 0 ? m(words) : words
      const q = [...before, ...words, ...after].join(' ')
      return upper ? q.toUpperCase() : q
    })

  it('holds for random near-miss names of thousands of fictional companies', () => {
    fc.assert(
      fc.property(nearMiss, (q) => {
        const c = check(q)
        if (c.verdict === 'licensed') {
          expect(exactlyLicensed(q), q).toBe(true)
          expect(c.matches[0]!.score).toBe(1)
        }
      }),
      { numRuns: 1500 },
    )
  })

  it('holds for random near-miss licence numbers', () => {
    const licenseMiss = fc
      .tuple(entry, fc.nat(), letter, fc.constantFrom('sub', 'ins', 'del'))
      .map(([a, pos, ch, kind]) => {
        const l = a.license
        const p = pos % l.length
        return kind === 'sub' ? l.slice(0, p) + ch + l.slice(p + 1) : kind === 'ins' ? l.slice(0, p) + ch + l.slice(p) : l.slice(0, p) + l.slice(p + 1)
      })
    fc.assert(
      fc.property(licenseMiss, (q) => {
        if (check(q).verdict === 'licensed') expect(exactlyLicensed(q), q).toBe(true)
      }),
      { numRuns: 1500 },
    )
  })

  it('holds for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        if (check(q).verdict === 'licensed') expect(exactlyLicensed(q), q).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it('finds exact matches however the name is dressed (case, PT forms, punctuation, spaces, safe filler)', () => {
    const dressed = fc
      .tuple(
        fc.constantFrom(...rows.slice(20, 3000)),
        fc.constantFrom('', 'PT ', 'PT. ', 'P.T. ', 'pt.'),
        fc.constantFrom('', ', PT', ' PT.', ''),
        fc.constantFrom(' ', '  ', ' - ', ', '),
        fc.constantFrom('', 'apakah ', 'cek ', 'namanya '),
        fc.constantFrom('', ' ya', ' dong?', ' ga'),
        fc.boolean(),
      )
      .map(([a, pre, post, sep, lead, trail, upper]) => {
        const core = a.name.replace(/^PT /, '').split(' ').join(sep)
        const q = `${lead}${pre}${core}${post}${trail}`
        return { a, q: upper ? q.toUpperCase() : q.toLowerCase() }
      })
    fc.assert(
      fc.property(dressed, ({ a, q }) => {
        const c = check(q)
        const status = effectiveStatus(a, TODAY)
        expect(c.verdict, q).toBe(status === 'active' ? 'licensed' : status)
        expect(c.matches[0]!.license, q).toBe(a.license)
      }),
      { numRuns: 500 },
    )
  })
})

describe('speed', () => {
  it('looks up in a 20,000-row registry well under a millisecond', () => {
    const { buildMs, perLookupMicros } = benchAgencyLookup(20000)
    // Typically 30–100 µs on an idle 2-core machine; the bound only guards against order-of-magnitude regressions
    // while other test files run in parallel.
    expect(perLookupMicros).toBeLessThan(1000)
    expect(buildMs).toBeLessThan(5000)
  })
})
