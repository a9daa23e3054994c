/**
 * The image does not need Baileys unless WHATSAPP_MODE=baileys: no module imports `@whiskeysockets/baileys` (or the
 * QR printer) at load time except through a dynamic `import()`, and main.ts loads the Baileys channel only in that
 * mode. Type-only imports vanish when TypeScript is stripped.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : []
  })
}

describe('Baileys is loaded lazily', () => {
  it('is never imported statically (only types, or a dynamic import())', () => {
    const eager = sources(path.resolve('src')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(process.cwd(), file)}:${i + 1}` }))
        .filter(({ line }) => /^\s*import\s+(?!type\b)[^('"]*from\s+['"](@whiskeysockets\/baileys|qrcode-terminal)['"]/.test(line))
        .map(({ at }) => at),
    )
    expect(eager).toEqual([])
  })

  it('main.ts imports the Baileys channel only in WHATSAPP_MODE=baileys', () => {
    const main = readFileSync(path.resolve('src/main.ts'), 'utf8')
    expect(main).not.toMatch(/^import .*channels\/whatsapp\/baileys/m)
    expect(main).toMatch(/WHATSAPP_MODE === 'baileys'\) \{\s*const \{ startBaileys \} = await import\('\.\/channels\/whatsapp\/baileys\.ts'\)/)
  })
})
