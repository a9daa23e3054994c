import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadBundle } from '../../src/content/load.ts'
import type { Problem } from '../../src/content/problems.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { findLiteralContacts } from '../../src/content/checks.ts'
import { sharedModelCache } from '../helpers/bundle.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ma-validate-'))
  cpSync(resolve('flows'), join(dir, 'flows'), { recursive: true })
  cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function load(): { ok: boolean; problems: Problem[] } {
  const { bundle, problems } = loadBundle({ flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, baseDir: dir, ...sharedModelCache() })
  return { ok: !!bundle, problems }
}
const errors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error')

describe('validator', () => {
  it('accepts the shipped content with no errors', () => {
    const { ok, problems } = load()
    expect(errors(problems)).toEqual([])
    expect(ok).toBe(true)
  })

  it('reports an unknown goto with its line, column and a "did you mean"', () => {
    writeFileSync(
      join(dir, 'flows', 'broken.yaml'),
      ['id: broken', 'steps:', '  - id: tanya', '    ask: text', '    text: agency.ask', '    on_fail: menu', '    next: selesia', '  - id: selesai', '    end: true', ''].join('\n'),
    )
    const { ok, problems } = load()
    expect(ok).toBe(false)
    const problem = errors(problems).find((p) => p.file === 'flows/broken.yaml')!
    expect(problem).toMatchObject({ line: 7, col: 11 })
    expect(problem.message).toContain('"selesia"')
    expect(problem.message).toContain('Did you mean "selesai"?')
  })

  it('reports malformed YAML at the line of the syntax error', () => {
    writeFileSync(join(dir, 'flows', 'bad.yaml'), 'id: bad\nsteps:\n  - id: a\n    say: [menu.prompt\n  - id: b\n')
    const problem = errors(load().problems).find((p) => p.file === 'flows/bad.yaml')!
    expect(problem.message).toMatch(/YAML syntax/)
    expect(problem.line).toBeGreaterThanOrEqual(4)
  })

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`)
    writeFileSync(join(dir, 'flows', 'bomb.yaml'), bomb.join('\n') + '\n')
    const problem = errors(load().problems).find((p) => p.file === 'flows/bomb.yaml')!
    expect(problem.message).toMatch(/anchors\/aliases/)
  })

  it('asks for of: on options: matches (the answer that holds the list)', () => {
    writeFileSync(
      join(dir, 'flows', 'pick.yaml'),
      ['id: pick', 'steps:', '  - id: q', '    ask: choice', '    text: agency.pick', '    options: matches', '    on_fail: menu', ''].join('\n'),
    )
    const problem = errors(load().problems).find((p) => p.file === 'flows/pick.yaml')!
    expect(problem.message).toContain('options: matches needs of:')
  })

  it('reports duplicate step ids, unknown text keys, unknown actions, an ask without on_fail and a branch without else', () => {
    writeFileSync(
      join(dir, 'flows', 'many.yaml'),
      [
        'id: many',
        'steps:',
        '  - id: a',
        '    say: menu.promtp',
        '  - id: a',
        '    action: agency_chek',
        '  - id: q',
        '    ask: text',
        '    text: agency.ask',
        '  - id: br',
        '    branch:',
        '      - if: "x == 1"',
        '        goto: q',
        '',
      ].join('\n'),
    )
    const messages = errors(load().problems)
      .filter((p) => p.file === 'flows/many.yaml')
      .map((p) => `${p.line}: ${p.message}`)
    expect(messages.some((m) => m.startsWith('5: step id "a" is used twice'))).toBe(true)
    expect(messages.some((m) => m.startsWith('4: unknown text key "menu.promtp"') && m.includes('Did you mean "menu.prompt"?'))).toBe(true)
    expect(messages.some((m) => m.startsWith('6: unknown action "agency_chek"') && m.includes('agency_check'))).toBe(true)
    expect(messages.some((m) => m.includes('has no on_fail'))).toBe(true)
    expect(messages.some((m) => m.includes('has no else'))).toBe(true)
  })

  it('warns about unreachable steps and missing translations', () => {
    writeFileSync(
      join(dir, 'flows', 'lonely.yaml'),
      ['id: lonely', 'steps:', '  - id: a', '    goto: menu', '  - id: orphan', '    say: menu.prompt', ''].join('\n'),
    )
    writeFileSync(join(dir, 'content', 'texts', 'id', 'extra.yaml'), 'extra:\n  only_id: "Hanya bahasa Indonesia"\n')
    const warnings = load().problems.filter((p) => p.severity === 'warn')
    expect(warnings.some((p) => p.file === 'flows/lonely.yaml' && p.line === 5 && p.message.includes('can never be reached'))).toBe(true)
    expect(warnings.some((p) => p.file === 'content/texts/id/extra.yaml' && p.message.includes('no English translation'))).toBe(true)
  })

  it('refuses phone numbers and web addresses written outside contacts.yaml', () => {
    writeFileSync(join(dir, 'content', 'texts', 'id', 'extra.yaml'), 'extra:\n  call: "Telepon 0812-3456-7890 atau buka www.contoh-penipu.com"\n')
    writeFileSync(join(dir, 'content', 'texts', 'en', 'extra.yaml'), 'extra:\n  call: "Call {contact.hotline}"\n')
    const problems = errors(load().problems).filter((p) => p.file === 'content/texts/id/extra.yaml')
    expect(problems).toHaveLength(2)
    expect(findLiteralContacts('Hubungi {contact.hotline} atau 0800-1000')).toEqual(['0800-1000'])
    expect(findLiteralContacts('buka siskop2mi.bp2mi.go.id')).toEqual(['siskop2mi.bp2mi.go.id'])
    expect(findLiteralContacts('usia minimal 18 tahun, biaya Rp330.000, target 500.000 orang')).toEqual([])
  })

  it('checks near_miss notes: the other entry must exist (with a did-you-mean) and not be the entry itself', () => {
    const entry = (id: string, nearMiss: string[]) =>
      [
        `  - id: ${id}`,
        '    topic: biaya',
        '    q: { id: ["pertanyaan contoh"] }',
        '    a: { id: "Jawaban contoh.", en: "Example answer." }',
        '    source: "contoh"',
        '    confidence: verified',
        '    reviewed: 2026-11-22',
        '    near_miss:',
        ...nearMiss.map((other) => `      - { entry: ${other}, note: "beda topik" }`),
      ].join('\n')
    writeFileSync(
      join(dir, 'content', 'faq', 'near.yaml'),
      ['entries:', entry('contoh-satu', ['contoh-dua']), entry('contoh-dua', ['contoh-satu', 'contoh-duaa', 'contoh-dua']), ''].join('\n'),
    )
    const problems = errors(load().problems).filter((p) => p.file === 'content/faq/near.yaml')
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/unknown FAQ id "contoh-duaa"\. Did you mean "contoh-dua"\?/),
      expect.stringMatching(/names the entry itself/),
    ])
  })

  it('npm run validate exits 1 and prints file:line:col for a broken flow', () => {
    writeFileSync(join(dir, 'flows', 'broken.yaml'), 'id: broken\nsteps:\n  - id: x\n    goto: nowhere\n')
    let status = 0
    let stdout = ''
    try {
      execFileSync(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), 'validate'], {
        env: { ...process.env, FLOWS_DIR: join(dir, 'flows'), CONTENT_DIR: join(dir, 'content') },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    } catch (error) {
      status = (error as { status: number }).status
      stdout = (error as { stdout: string }).stdout
    }
    expect(status).toBe(1)
    expect(stdout).toMatch(/broken\.yaml:4:11 {2}error {2}"nowhere" is not a step/)
    expect(stdout).toMatch(/^FAILED/m)
  }, 120_000) // a real CLI process: start-up and a content load
})
