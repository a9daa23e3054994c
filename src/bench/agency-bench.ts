/**
 * Benchmark of the agency lookup on a generated registry of clearly fictional companies
 * ("PT Contoh Cahaya Mitra Fiktif 0042"), and the generator the tests share.
 *
 * Nothing here is shipped content: every name contains "Contoh" and "Fiktif", and every licence number starts with
 * "FIK", so no generated row can be mistaken for a real P3MI.
 */
import { seededRandom } from '../understanding/seeded-random.ts'
import { buildRegistry, checkAgency, type Agency, type AgencyStatus } from '../knowledge/agencies.ts'

const WORDS = [
  'Maju', 'Jaya', 'Sentosa', 'Abadi', 'Karya', 'Mandiri', 'Sejahtera', 'Bintang', 'Cahaya', 'Mitra', 'Duta',
  'Insani', 'Prima', 'Utama', 'Bahari', 'Nusantara', 'Sinar', 'Harapan', 'Makmur', 'Lestari', 'Gemilang', 'Persada',
  'Cemerlang', 'Samudra', 'Putra', 'Global', 'Semesta', 'Berkah', 'Mulia', 'Perkasa',
]

/**
 * `count` fictional agencies: names `PT Contoh <word> <word> Fiktif <NNNN>`, licences `FIK.<NNNN>/SIP3MI/<year>`.
 * About 80% are active (some of them past their end date on `asOf`), the rest suspended or revoked.
 */
export function fictionalAgencies(count: number, options: { seed?: number; asOf?: string } = {}): Agency[] {
  const random = seededRandom(options.seed ?? 1)
  const asOfYear = Number((options.asOf ?? '2026-01-15').slice(0, 4))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const width = Math.max(4, String(count).length)
  const agencies: Agency[] = []
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(width, '0')
    const roll = random()
    const status: AgencyStatus = roll < 0.8 ? 'active' : roll < 0.9 ? 'suspended' : 'revoked'
    // Active licences end between two years ago and five years ahead, so some are expired.
    const year = asOfYear - 2 + Math.floor(random() * 7)
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0')
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0')
    agencies.push({
      name: `PT Contoh ${pick(WORDS)} ${pick(WORDS)} Fiktif ${n}`,
      license: `FIK.${n}/SIP3MI/${year - 5}`,
      status,
      validUntil: status === 'active' || random() < 0.5 ? `${year}-${month}-${day}` : null,
      address: `Jl. Contoh Fiktif No. ${i}`,
      city: 'Kota Contoh',
      province: 'Provinsi Fiktif',
      phone: '',
    })
  }
  return agencies
}

/** Queries as users type them: exact names and licences, typos, parts, sentences, unknown companies. */
function benchQueries(agencies: readonly Agency[], count: number): string[] {
  const random = seededRandom(7)
  const queries: string[] = []
  for (let i = 0; i < count; i++) {
    const a = agencies[Math.floor(random() * agencies.length)]!
    const words = a.name.split(' ')
    switch (i % 8) {
      case 0: queries.push(a.name); break
      case 1: queries.push(a.license.replace(/[./]/g, ' ').toLowerCase()); break
      case 2: queries.push(a.name.replace(/a/, 'e')); break
      case 3: queries.push(words.slice(1, 4).join(' ')); break
      case 4: queries.push(`apakah ${a.name} resmi?`); break
      case 5: queries.push(`PT nya namanya ${words.slice(1).join(' ')}`); break
      case 6: queries.push(`PT Tidak Ada Sama Sekali ${i}`); break
      default: queries.push(a.license.replace('1', '7'))
    }
  }
  return queries
}

/**
 * Builds a registry of `rows` fictional agencies and times lookups in it.
 * @returns build time in milliseconds and the mean time of one lookup in microseconds
 */
export function benchAgencyLookup(rows = 20000): { buildMs: number; perLookupMicros: number } {
  const agencies = fictionalAgencies(rows)
  const t0 = performance.now()
  const registry = buildRegistry(agencies, '2026-01-15')
  const buildMs = performance.now() - t0
  const queries = benchQueries(agencies, 2000)
  for (const q of queries) checkAgency(registry, q, '2026-01-20') // warm up: the bot runs hot
  const rounds: number[] = []
  for (let round = 0; round < 5; round++) {
    const t1 = performance.now()
    for (const q of queries) checkAgency(registry, q, '2026-01-20')
    rounds.push(((performance.now() - t1) * 1000) / queries.length)
  }
  const perLookupMicros = rounds.sort((a, b) => a - b)[2]! // median of five rounds
  return { buildMs: Math.round(buildMs * 10) / 10, perLookupMicros: Math.round(perLookupMicros * 10) / 10 }
}
