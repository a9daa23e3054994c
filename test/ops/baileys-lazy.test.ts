/**
 * The image does not need Baileys unless WHATSAPP_MODE=baileys: no module imports `@whiskeysockets/baileys` (or the
 * QR printer) at load time except through a dynamic `import()`, and main.ts loads the Baileys channel only in that
 * mode. Type-only imports vanish when TypeScript is stripped.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BAILEYS_VERSION, BaileysMissingError, loadBaileys } from '../../src/channels/whatsapp/baileys-lib.ts'

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

describe('Baileys is an optional dependency', () => {
  it('is pinned exactly as an optionalDependency (npm ci installs it; the slim image may leave it out)', () => {
    const pkg = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
    expect(pkg.dependencies?.['@whiskeysockets/baileys']).toBeUndefined()
    expect(pkg.optionalDependencies?.['@whiskeysockets/baileys']).toBe(BAILEYS_VERSION)
  })

  it('a missing package stops the channel with an error that says how to get it', () => {
    // Node's own "not installed" error: a module outside the project (no node_modules above it) imports Baileys,
    // run by plain Node with tsx, as the assistant runs (vitest's resolver would find the package from the project).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'no-baileys-'))
    try {
      const entry = path.join(dir, 'entry.mjs')
      writeFileSync(entry, "export * from '@whiskeysockets/baileys'\n")
      const check = path.join(dir, 'check.mts')
      const lib = pathToFileURL(path.resolve('src/channels/whatsapp/baileys-lib.ts')).href
      writeFileSync(
        check,
        `const { loadBaileys } = await import(${JSON.stringify(lib)})\n` +
          `await loadBaileys(() => import(${JSON.stringify(pathToFileURL(entry).href)})).then(() => console.log('loaded'), (e) => console.log(JSON.stringify({ name: e.name, message: e.message })))\n`,
      )
      const out = execFileSync(process.execPath, ['--import', 'tsx', check], { encoding: 'utf8' })
      const error = JSON.parse(out) as { name: string; message: string }
      expect(error.name).toBe('BaileysMissingError')
      expect(error.message).toContain('WITH_BAILEYS=true')
      expect(error.message).toContain('WHATSAPP_MODE=cloud')
      expect(error.message).toContain(`@whiskeysockets/baileys@${BAILEYS_VERSION}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the error is recognized from Node\'s code and names Baileys itself', async () => {
    const missing = Object.assign(new Error("Cannot find package '@whiskeysockets/baileys' imported from /app/src/channels/whatsapp/baileys-lib.ts"), { code: 'ERR_MODULE_NOT_FOUND' })
    await expect(loadBaileys(() => Promise.reject(missing))).rejects.toBeInstanceOf(BaileysMissingError)
  })

  it('other failures (a dependency of Baileys missing, a broken install) are not hidden', async () => {
    const inner = Object.assign(new Error("Cannot find package 'libsignal' imported from /app/node_modules/@whiskeysockets/baileys/lib/index.js"), { code: 'ERR_MODULE_NOT_FOUND' })
    await expect(loadBaileys(() => Promise.reject(inner))).rejects.toBe(inner)
  })

  it('loads the installed package', async () => {
    const lib = await loadBaileys()
    expect(typeof lib.makeWASocket).toBe('function')
  })
})
