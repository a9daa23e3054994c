import { describe, expect, it } from 'vitest'
import { officersCommand } from '../../src/cli/officers.ts'
import { OfficerAccounts } from '../../src/officer/accounts.ts'
import { OfficerAudit } from '../../src/officer/audit.ts'
import { EmbeddedStore } from '../../src/store/embedded.ts'

async function run(args: string[], store = new EmbeddedStore({}), password = 'a-good-password-1') {
  let stdout = ''
  let stderr = ''
  const code = await officersCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), store, readPassword: async () => password, actor: 'cli:tester', now: () => Date.parse('2025-12-10T00:00:00Z') })
  return { code, stdout, stderr, store }
}

describe('officers', () => {
  it('adds, lists and removes accounts, and audits each change', async () => {
    const store = new EmbeddedStore({})
    expect((await run(['add', 'Rina', '--role', 'officer'], store)).code).toBe(0)
    expect(await new OfficerAccounts(store).verify('rina', 'a-good-password-1')).toMatchObject({ username: 'rina', role: 'officer' })
    expect(await new OfficerAccounts(store).verify('rina', 'a-wrong-password')).toBeUndefined()
    const listed = await run(['list'], store)
    expect(listed.stdout).toMatch(/^rina\tofficer\tcreated 2025-12-10T00:00:00.000Z by cli:tester$/m)
    expect((await run(['password', 'rina'], store, 'another-password-2')).code).toBe(0)
    expect(await new OfficerAccounts(store).verify('rina', 'another-password-2')).toBeDefined()
    expect((await run(['remove', 'rina'], store)).code).toBe(0)
    expect(await new OfficerAccounts(store).list()).toEqual([])
    expect((await new OfficerAudit(store).list()).map((e) => e.action)).toEqual(['officer_remove', 'officer_password', 'officer_add'])
  })

  it('refuses a short password, a taken name, a bad name, a missing role and an unknown account with a clear message', async () => {
    const store = new EmbeddedStore({})
    const short = await run(['add', 'budi', '--role', 'viewer'], store, 'short')
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('at least 10 characters')
    await run(['add', 'budi', '--role', 'viewer'], store)
    expect((await run(['add', 'budi', '--role', 'admin'], store)).stderr).toContain('exists already')
    expect((await run(['add', 'bu di', '--role', 'admin'], store)).stderr).toContain('not a valid username')
    const noRole = await run(['add', 'sari'], store)
    expect(noRole.code).toBe(2)
    expect(noRole.stderr).toContain('--role is required')
    expect((await run(['add', 'sari', '--role', 'boss'], store)).stderr).toContain('--role must be one of: viewer, officer, admin')
    expect((await run(['remove', 'nobody'], store)).code).toBe(1)
  })
})
