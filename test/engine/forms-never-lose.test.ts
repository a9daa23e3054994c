/**
 * Properties over every ask step of every flow (issue 13):
 *  - "hapus data saya" then "ya" deletes the user's data, whatever the step, and the next message starts fresh;
 *  - three wrong answers keep every earlier answer, and "Lanjutkan" resumes at the same step.
 */
import { describe, expect, it } from 'vitest'
import { askSites, inboundAt } from '../../src/bench/hostile-input.ts'
import { handleMessage } from '../../src/engine/engine.ts'
import type { Session } from '../../src/engine/types.ts'
import { realBundle } from '../helpers/bundle.ts'

const bundle = realBundle()
const sites = askSites(bundle).filter((s) => s.flow !== 'main')

describe('forms never lose the user', () => {
  it('"hapus data saya" + "ya" deletes from every step, in Indonesian and English', () => {
    const failures: string[] = []
    for (const site of sites) {
      for (const [lang, command, yes] of [['id', 'hapus data saya', 'ya'], ['en', 'delete my data', 'yes']] as const) {
        const start: Session = { ...structuredClone(site.session), lang }
        const asked = handleMessage(start, inboundAt(command, 0), bundle)
        const done = handleMessage(asked.session ?? undefined, inboundAt(yes, 1), bundle)
        const deleted = done.effects.some((e) => e.type === 'deleteUserData') && done.session === null
        if (!deleted) failures.push(`${site.flow}.${site.step.id} (${lang}): ${done.replies.map((r) => r.key).join(', ')}`)
        const fresh = handleMessage(undefined, inboundAt('halo', 2), bundle)
        expect(fresh.session?.pos?.flow ?? 'main').toBe('main')
      }
    }
    expect(failures).toEqual([])
  })

  it('three wrong answers pause the form with every answer kept; "Lanjutkan" asks the same question again', () => {
    const failures: string[] = []
    for (const site of sites) {
      const step = site.step
      if (step.ask === 'text') continue // any text is an answer there
      if (step.on_other_text === 'faq') continue // browsing menus: other text is a question, not a wrong answer
      const answers = { ...site.session.pos!.answers, earlier: 'kept' }
      let session: Session | undefined = { ...structuredClone(site.session), pos: { ...site.session.pos!, answers } }
      for (let i = 0; i < (step.max_tries ?? 3); i++) session = handleMessage(session, inboundAt('qqqq zzzz', i), bundle).session ?? undefined
      const paused = session?.paused ?? session?.pos
      if (step.on_fail && step.on_fail !== 'menu') continue // the flow says where to go instead
      if (!session?.paused || session.paused.step !== step.id || session.paused.answers.earlier !== 'kept') {
        failures.push(`${site.flow}.${step.id}: not paused with answers (${JSON.stringify(paused?.step)})`)
        continue
      }
      const resumed = handleMessage(session, { ...inboundAt('', 9), text: undefined, choice: 'g:resume' }, bundle)
      if (resumed.session?.pos?.step !== step.id) failures.push(`${site.flow}.${step.id}: resumed at ${resumed.session?.pos?.step}`)
    }
    expect(failures).toEqual([])
  })
})
