/**
 * Checks of `content/intents.yaml` beyond its shape: flows and cue names that exist (with "did you mean"), prefills
 * that a flow can use, a licence pattern that compiles, and examples that really route to their own intent.
 */
import { didYouMean } from '../content/checks.ts'
import type { Problem } from '../content/problems.ts'
import type { FlowDef } from '../content/schemas.ts'
import type { YamlSource } from '../content/yaml-source.ts'
import { BUILTIN_CUES, type IntentsFile } from './intents-format.ts'
import type { Router } from './router.ts'

export function checkIntents(file: IntentsFile, source: YamlSource, flows: readonly FlowDef[], router?: Router, faqIds?: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = []
  const cueNames = new Set<string>([...Object.keys(file.cues), ...BUILTIN_CUES])
  const flowIds = new Set(flows.map((f) => f.id))
  const seen = new Set<string>()
  try {
    new RegExp(file.license.pattern, 'gu')
  } catch (error) {
    problems.push(source.problem(['license', 'pattern'], `the licence pattern is not a valid regular expression: ${(error as Error).message}`))
  }
  if (!file.cues[file.company.subject_needs]) {
    problems.push(source.problem(['company', 'subject_needs'], `unknown cue "${file.company.subject_needs}"; name one of cues:.${didYouMean(file.company.subject_needs, Object.keys(file.cues))}`))
  }
  file.denials?.cues.forEach((c, k) => {
    if (!cueNames.has(c)) problems.push(source.problem(['denials', 'cues', k], `unknown cue "${c}"; name one of cues:.${didYouMean(c, cueNames)}`))
  })
  for (const lang of ['id', 'en'] as const) {
    file.denials?.examples?.[lang]?.forEach((example, k) => {
      const got = router?.route(example)
      if (got?.intent && got.def?.start) {
        problems.push(source.problem(['denials', 'examples', lang, k], `denial "${example}" still starts "${got.intent}"; add its denial phrase to denials: phrases, or the job word to denials: cues`, 'warn'))
      }
    })
  }
  file.intents.forEach((intent, i) => {
    const at = (...path: PropertyKey[]) => ['intents', i, ...path]
    if (seen.has(intent.id)) problems.push(source.problem(at('id'), `intent "${intent.id}" is defined twice; keep one`))
    seen.add(intent.id)
    let flow: FlowDef | undefined
    if (intent.start !== undefined) {
      const [flowId, stepId] = intent.start.split('.', 2)
      flow = flows.find((f) => f.id === flowId)
      if (!flow) {
        problems.push(source.problem(at('start'), `unknown flow "${flowId}"; start: names a flow in flows/.${didYouMean(flowId!, flowIds)}`))
      } else if (stepId && !flow.steps.some((s) => s.id === stepId)) {
        problems.push(source.problem(at('start'), `flow "${flowId}" has no step "${stepId}".${didYouMean(stepId, flow.steps.map((s) => s.id))}`))
      }
    }
    const checkCue = (name: string, path: PropertyKey[]) => {
      if (!cueNames.has(name)) problems.push(source.problem(path, `unknown cue "${name}"; add it under cues: or use one of: ${[...cueNames].join(', ')}.${didYouMean(name, cueNames)}`))
    }
    intent.when?.forEach((rule, r) => {
      rule.all.forEach((c, k) => checkCue(c, at('when', r, 'all', k)))
      rule.none?.forEach((c, k) => checkCue(c, at('when', r, 'none', k)))
      rule.only?.forEach((c, k) => checkCue(c, at('when', r, 'only', k)))
    })
    intent.only?.forEach((c, k) => checkCue(c, at('only', k)))
    intent.answer_first?.forEach((rule, r) => {
      rule.all.forEach((c, k) => checkCue(c, at('answer_first', r, 'all', k)))
      rule.none?.forEach((c, k) => checkCue(c, at('answer_first', r, 'none', k)))
      rule.only?.forEach((c, k) => checkCue(c, at('answer_first', r, 'only', k)))
    })
    if (intent.answer !== undefined && faqIds && !faqIds.has(intent.answer)) {
      problems.push(source.problem(at('answer'), `unknown FAQ id "${intent.answer}"; use an id from content/faq/`))
    }
    if (intent.answer_first && !intent.start) problems.push(source.problem(at('answer_first'), 'answer_first: needs start: (the job offered after the answer)'))
    intent.faq_self?.forEach((id, k) => {
      if (faqIds && !faqIds.has(id)) problems.push(source.problem(at('faq_self', k), `unknown FAQ id "${id}"; use an id from content/faq/`))
    })
    for (const answer of Object.keys(intent.prefill ?? {})) {
      if (!flow) {
        problems.push(source.problem(at('prefill', answer), 'prefill: needs start: (a flow whose questions it answers)'))
        continue
      }
      const asks = flow.steps.filter((s) => 'ask' in s && (s.save ?? s.id) === answer)
      if (asks.length === 0) {
        const saved = flow.steps.flatMap((s) => ('ask' in s ? [s.save ?? s.id] : []))
        problems.push(source.problem(at('prefill', answer), `flow "${flow.id}" has no question that saves "${answer}".${didYouMean(answer, saved)}`))
      } else if (!asks.some((s) => 'ask' in s && s.skip_if_prefilled)) {
        problems.push(source.problem(at('prefill', answer), `the question saving "${answer}" in flow "${flow.id}" is asked anyway; add skip_if_prefilled: true to it`, 'warn'))
      }
    }
    if (!router) return
    for (const lang of ['id', 'en'] as const) {
      intent.examples?.[lang]?.forEach((example, k) => {
        const got = router.route(example).intent
        if (got !== intent.id) {
          problems.push(
            source.problem(at('examples', lang, k), `example "${example}" is read as ${got ? `"${got}"` : 'a question for the FAQ'}, not "${intent.id}"; add its key word to a cue of this intent`, 'warn'),
          )
        }
      })
    }
  })
  return problems
}
