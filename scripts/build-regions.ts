/**
 * Regenerates `content/regions.csv` (the 38 provinces and every regency/city of Indonesia) from the
 * `idn-area-data` package. The package is NOT a dependency of migrasi-aman: install it somewhere temporary,
 * run this script, review the diff, and commit the CSV. Nothing runs this at install time.
 *
 *   cd /tmp && npm init -y && npm install idn-area-data@4
 *   npx tsx scripts/build-regions.ts /tmp/node_modules/idn-area-data      # writes content/regions.csv
 *   npx tsx scripts/build-regions.ts /tmp/node_modules/idn-area-data -    # prints it instead
 *
 * The data of idn-area-data is under the Open Database License (ODbL 1.0): keep `content/regions.source.md`
 * (attribution and licence) next to the CSV, and update the version named there.
 *
 * What the script changes: names become title case when the source writes them in capitals (older
 * versions: "KABUPATEN BANDUNG" → "Kabupaten Bandung"); the few province names people know by their short
 * official form are written so (`PROVINCE_NAMES`). Codes are kept as they are (Kemendagri codes: `32` for a
 * province, `32.04` for a regency/city).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

/** Province names written in the short form people use (the full form stays a matching alias). */
const PROVINCE_NAMES: Record<string, string> = {
  '31': 'DKI Jakarta',
}

/** Words that stay lower case inside a name ("Pangkajene dan Kepulauan"). */
const LOWER_WORDS = new Set(['dan'])
/** Abbreviations that stay upper case. */
const UPPER_WORDS = new Set(['dki', 'di'])

/** "KABUPATEN TOLI-TOLI" → "Kabupaten Toli-Toli"; names already in mixed case are kept. */
export function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name.trim()
  return name
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word, i) => {
      if (i > 0 && LOWER_WORDS.has(word)) return word
      if (UPPER_WORDS.has(word)) return word.toUpperCase()
      return word.replace(/(^|[-(])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase())
    })
    .join(' ')
}

interface Row {
  code: string
  name: string
  province_code?: string
}

function readCsv(path: string): Row[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Row[]
}

/** Builds the CSV text from the package folder (the one holding `data/provinces.csv`). */
export function buildRegionsCsv(packageDir: string): { csv: string; provinces: number; regencies: number } {
  const provinces = readCsv(join(packageDir, 'data', 'provinces.csv'))
  const regencies = readCsv(join(packageDir, 'data', 'regencies.csv'))
  const known = new Set(provinces.map((p) => p.code))
  const rows: string[][] = []
  for (const p of provinces) rows.push([p.code, PROVINCE_NAMES[p.code] ?? titleCase(p.name), ''])
  for (const r of regencies) {
    if (!r.province_code || !known.has(r.province_code)) {
      throw new Error(`regency ${r.code} ${r.name} names an unknown province "${r.province_code ?? ''}"`)
    }
    rows.push([r.code, titleCase(r.name), r.province_code])
  }
  const csv = stringify(rows, { header: true, columns: ['code', 'name', 'province_code'] })
  return { csv, provinces: provinces.length, regencies: regencies.length }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [packageDir, out = 'content/regions.csv'] = process.argv.slice(2)
  if (!packageDir) {
    console.error('usage: npx tsx scripts/build-regions.ts <path to node_modules/idn-area-data> [output.csv | -]')
    process.exit(2)
  }
  const { csv, provinces, regencies } = buildRegionsCsv(packageDir)
  if (out === '-') process.stdout.write(csv)
  else {
    writeFileSync(out, csv)
    console.error(`wrote ${out}: ${provinces} provinces, ${regencies} regencies/cities`)
  }
}
