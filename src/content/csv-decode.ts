/**
 * Turning the bytes of an uploaded or imported CSV into text, the way spreadsheets save them:
 *
 * - UTF-8, with or without BOM (Excel's "CSV UTF-8", LibreOffice, Google Sheets);
 * - UTF-16 with BOM (Excel's "Unicode Text"), little or big endian, and without BOM when the zero bytes say so;
 * - Windows-1252 / Latin-1 (Excel's plain "CSV (Comma delimited)" on Windows) when the bytes are not UTF-8: read
 *   correctly, with a note so the officer checks names with accents in the preview.
 *
 * Files that are not text (an Excel workbook, a PDF, an image) get a sentence saying what to do instead.
 */

export type DecodedCsv =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'; note?: string }
  | { ok: false; message: string }

const SAVE_AS = 'in the spreadsheet choose "Save as" → "CSV UTF-8 (Comma delimited)" and upload that file'

/** Signatures of files that are often picked by mistake. */
const NOT_CSV: ReadonlyArray<{ magic: number[]; what: string }> = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another zip file' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls)' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
]

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  for (const { magic, what } of NOT_CSV) {
    if (startsWith(bytes, magic)) return { ok: false, message: `the file is ${what}, not CSV text; ${SAVE_AS}` }
  }
  if (startsWith(bytes, [0xff, 0xfe])) return utf16(bytes.subarray(2), 'utf-16le')
  if (startsWith(bytes, [0xfe, 0xff])) return utf16(bytes.subarray(2), 'utf-16be')
  const zeros = countZeros(bytes)
  if (zeros.total > 0) {
    // UTF-16 without a BOM: ASCII letters leave every other byte zero.
    const half = Math.max(1, Math.floor(Math.min(bytes.length, 4096) / 2))
    if (zeros.odd > half * 0.6 && zeros.even === 0) return utf16(bytes, 'utf-16le')
    if (zeros.even > half * 0.6 && zeros.odd === 0) return utf16(bytes, 'utf-16be')
    return { ok: false, message: `the file is not text (it holds zero bytes); ${SAVE_AS}` }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return {
      ok: true,
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'windows-1252',
      note: 'the file is not UTF-8; it was read as Windows-1252 (Latin-1), as Excel saves "CSV (Comma delimited)": check names with accents, or save as "CSV UTF-8"',
    }
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedCsv {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding }
  } catch {
    return { ok: false, message: `the file looks like UTF-16 but cannot be read as such; ${SAVE_AS}` }
  }
}

/** Zero bytes in the first 4 KiB, at even and odd offsets. */
function countZeros(bytes: Uint8Array): { total: number; even: number; odd: number } {
  let even = 0
  let odd = 0
  const end = Math.min(bytes.length, 4096)
  for (let i = 0; i < end; i++) {
    if (bytes[i] !== 0) continue
    if (i % 2 === 0) even++
    else odd++
  }
  return { total: even + odd, even, odd }
}
