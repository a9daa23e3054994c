/**
 * Semantic checks over content that already passed its schema: references between files, reachability,
 * translations, and the rule that phone numbers and addresses come only from contacts.yaml.
 * One problem per rule violation, located at the offending value, with a fix ("did you mean …?").
 */
import { closest, distance } from 'fastest-levenshtein'
import type { z } from 'zod'
import type { Lang } from '../engine/types.ts'
import type { Parsed } from './load.ts'
import type { Problem } from './problems.ts'
import { sourceLineProblems } from './source-line.ts'
import type { contactsSchema, faqFileSchema, faqTopicsSchema, FlowDef, Step, TextRef } from './schemas.ts'
import type { YamlSource } from './yaml-source.ts'

/** The engine's named actions and the outcomes each may return (for `on:` maps). */
export type ActionSpecs = Readonly<Record<string, { readonly outcomes: readonly string[]; readonly sets?: readonly string[] }>>

/** Targets that every flow may use besides its own steps and other flows. */
export const SPECIAL_TARGETS = ['menu', 'end'] as const

/** Longest choice id a channel can carry (Telegram callback data: 64 bytes). */
export const MAX_CHOICE_ID_BYTES = 64

/** How a choice id is sent to channels; keep in sync with the engine. */
export function choiceWireId(flow: string, step: string, choice: string): string {
  return `${flow}.${step}:${choice}`
}

interface CheckInput {
  flows: Parsed<FlowDef>[]
  texts: Record<Lang, ReadonlyMap<string, string>>
  textSources: Record<Lang, ReadonlyMap<string, { source: YamlSource; path: string[] }>>
  contacts?: Parsed<z.output<typeof contactsSchema>>
  faqFiles: Parsed<z.output<typeof faqFileSchema>>[]
  topics?: Parsed<z.output<typeof faqTopicsSchema>>
  actions: ActionSpecs
}

const PLACEHOLDER = /\{([a-z_][a-z0-9_.]*)\}/gi
/** A web address or a bare domain. */
const ADDRESS = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:go\.id|co\.id|or\.id|ac\.id|com|org|net|int|id|info|io)\b/i
/** Something that reads as a phone number: starts with +, 0 or 62 and has at least 8 digits. */
const PHONE = /(?:\+\s?\d|\b0\d|\b62\d)[\d\s\-.()]{5,}\d/g

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const list = [...candidates]
  if (list.length === 0) return ''
  const best = closest(word, list)
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? ` Did you mean "${best}"?` : ''
}

/** Phone numbers and web addresses written into a text instead of `{contact.ID}`. */
export function findLiteralContacts(text: string): string[] {
  const withoutPlaceholders = text.replace(PLACEHOLDER, ' ')
  const found: string[] = []
  const address = ADDRESS.exec(withoutPlaceholders)
  if (address) found.push(address[0])
  for (const match of withoutPlaceholders.matchAll(PHONE)) {
    if ((match[0].match(/\d/g) ?? []).length >= 8) found.push(match[0].trim())
  }
  return found
}

export function checkBundle(input: CheckInput): Problem[] {
  const problems: Problem[] = []
  const contactIds = new Set(input.contacts?.value.contacts.map((c) => c.id) ?? [])
  const flowIds = new Set(input.flows.map((f) => f.value.id))

  /** Checks placeholders and literal contacts in one text. */
  const checkText = (text: string, source: YamlSource, path: PropertyKey[], allowVars: boolean): void => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!
      if (name.startsWith('contact.')) {
        const id = name.slice('contact.'.length)
        if (!contactIds.has(id)) {
          problems.push(source.problem(path, `unknown contact "{${name}}": add it to content/contacts.yaml with its source.${didYouMean(id, contactIds)}`))
        }
      } else if (name.startsWith('text.')) {
        const key = name.slice('text.'.length)
        if (!input.texts.id.has(key)) {
          problems.push(source.problem(path, `unknown text "{${name}}": add "${key}" to content/texts/id/ and content/texts/en/.${didYouMean(key, input.texts.id.keys())}`))
        }
      } else if (!allowVars && !name.startsWith('registry.')) {
        problems.push(source.problem(path, `"{${name}}" cannot be filled here; only {contact.ID} works in this text`, 'warn'))
      }
    }
    for (const literal of findLiteralContacts(text)) {
      problems.push(
        source.problem(
          path,
          `"${literal}" looks like a phone number or web address written directly; put it in content/contacts.yaml with its source and write {contact.ID} here`,
        ),
      )
    }
  }

  // Texts: placeholders, literal contacts, translations.
  for (const lang of ['id', 'en'] as const) {
    for (const [key, text] of input.texts[lang]) {
      const where = input.textSources[lang].get(key)!
      checkText(text, where.source, where.path, true)
      const other: Lang = lang === 'id' ? 'en' : 'id'
      if (!input.texts[other].has(key)) {
        problems.push(
          where.source.problem(
            where.path,
            lang === 'id'
              ? `text "${key}" has no English translation; add it under content/texts/en/ (English users see Indonesian meanwhile)`
              : `text "${key}" exists in English but not in Indonesian; add it under content/texts/id/ or remove it`,
            'warn',
          ),
        )
      }
    }
  }

  const checkTextRef = (ref: TextRef, source: YamlSource, path: PropertyKey[]): void => {
    if (typeof ref === 'string') {
      if (!input.texts.id.has(ref)) {
        problems.push(
          source.problem(path, `unknown text key "${ref}": add it to content/texts/id/ and content/texts/en/.${didYouMean(ref, input.texts.id.keys())}`),
        )
      }
    } else {
      checkText(ref.id, source, [...path, 'id'], true)
      if (ref.en === undefined) problems.push(source.problem(path, 'inline text has no English (en:) translation', 'warn'))
      else checkText(ref.en, source, [...path, 'en'], true)
    }
  }

  for (const { value: flow, source } of input.flows) {
    const stepIds = new Set(flow.steps.map((s) => s.id))
    const targetOk = (target: string): boolean => {
      if ((SPECIAL_TARGETS as readonly string[]).includes(target) || stepIds.has(target) || flowIds.has(target)) return true
      const [flowId, stepId] = target.split('.', 2)
      const other = input.flows.find((f) => f.value.id === flowId)
      return !!other && !!stepId && other.value.steps.some((s) => s.id === stepId)
    }
    const checkTarget = (target: string | undefined, path: PropertyKey[]): void => {
      if (target === undefined || targetOk(target)) return
      const candidates = [...stepIds, ...flowIds, ...SPECIAL_TARGETS]
      problems.push(
        source.problem(path, `"${target}" is not a step of flow "${flow.id}", a flow, or menu/end.${didYouMean(target, candidates)}`),
      )
    }

    if (flow.title !== undefined) checkTextRef(flow.title, source, ['title'])

    flow.steps.forEach((step, i) => {
      const at = (...path: PropertyKey[]): PropertyKey[] => ['steps', i, ...path]
      checkTarget(step.next, at('next'))
      if ('ask' in step) {
        const texts = Array.isArray(step.text) ? step.text : [step.text]
        texts.forEach((t, j) => checkTextRef(t, source, Array.isArray(step.text) ? at('text', j) : at('text')))
        if (step.invalid) checkTextRef(step.invalid, source, at('invalid'))
        if (step.on_fail === undefined) {
          problems.push(source.problem(at('ask'), `ask "${step.id}" has no on_fail: say where to go when tries run out (e.g. on_fail: menu)`))
        }
        checkTarget(step.on_fail, at('on_fail'))
        const needsChoices = step.ask === 'choice' || step.ask === 'multi'
        if (needsChoices && !step.choices && !step.options) {
          problems.push(source.problem(at('ask'), `ask ${step.ask} needs choices: (a list) or options: (a content list)`))
        }
        if (!needsChoices && (step.choices || step.options)) {
          problems.push(source.problem(at('ask'), `ask ${step.ask} does not show choices; use ask: choice, or remove choices/options`, 'warn'))
        }
        if ((step.options === 'regencies' || step.options === 'faq_entries' || step.options === 'matches') && !step.of) {
          const holds = { regencies: 'province', faq_entries: 'topic', matches: 'list, e.g. agency_matches' }[step.options]
          problems.push(source.problem(at('options'), `options: ${step.options} needs of: (the answer that holds the ${holds})`))
        }
        if (step.choices) {
          const seen = new Set<string>()
          step.choices.forEach((choice, j) => {
            if (seen.has(choice.id)) problems.push(source.problem(at('choices', j, 'id'), `choice id "${choice.id}" is used twice in this step`))
            seen.add(choice.id)
            checkTextRef(choice.label, source, at('choices', j, 'label'))
            checkTarget(choice.goto, at('choices', j, 'goto'))
            const wire = choiceWireId(flow.id, step.id, choice.id)
            if (Buffer.byteLength(wire) > MAX_CHOICE_ID_BYTES) {
              problems.push(
                source.problem(at('choices', j, 'id'), `choice "${wire}" is longer than Telegram's ${MAX_CHOICE_ID_BYTES}-byte limit; shorten the flow, step or choice id`),
              )
            }
          })
          if (step.yes_choice && !seen.has(step.yes_choice)) {
            problems.push(source.problem(at('yes_choice'), `yes_choice "${step.yes_choice}" is not a choice of this step; use one of: ${[...seen].join(', ')}`))
          }
          if (step.no_choice && !seen.has(step.no_choice)) {
            problems.push(source.problem(at('no_choice'), `no_choice "${step.no_choice}" is not a choice of this step; use one of: ${[...seen].join(', ')}`))
          }
          if (step.choices.length > 10) {
            problems.push(
              source.problem(at('choices'), `${step.choices.length} choices: WhatsApp lists show at most 10, so WhatsApp users get a long numbered list; consider splitting`, 'warn'),
            )
          }
        }
      } else if ('say' in step) {
        const texts = Array.isArray(step.say) ? step.say : [step.say]
        texts.forEach((t, j) => checkTextRef(t, source, Array.isArray(step.say) ? at('say', j) : at('say')))
      } else if ('branch' in step) {
        const lines = step.branch
        lines.forEach((line, j) => checkTarget('if' in line ? line.goto : line.else, at('branch', j, 'if' in line ? 'goto' : 'else')))
        if (!lines.some((line) => 'else' in line)) {
          problems.push(source.problem(at('branch'), `branch "${step.id}" has no else: line; add "- else: <step>" so every answer has a way on`))
        }
      } else if ('action' in step) {
        const spec = input.actions[step.action]
        if (!spec) {
          problems.push(source.problem(at('action'), `unknown action "${step.action}".${didYouMean(step.action, Object.keys(input.actions))} Known: ${Object.keys(input.actions).join(', ')}`))
        } else {
          for (const [outcome, target] of Object.entries(step.on ?? {})) {
            if (outcome !== 'default' && !spec.outcomes.includes(outcome)) {
              problems.push(
                source.problem(at('on', outcome), `action "${step.action}" has no outcome "${outcome}"; it has: ${spec.outcomes.join(', ')}, default.${didYouMean(outcome, spec.outcomes)}`),
              )
            }
            checkTarget(target, at('on', outcome))
          }
        }
      } else if ('goto' in step) {
        checkTarget(step.goto, at('goto'))
      } else if ('end' in step && step.end !== true) {
        checkTextRef(step.end, source, at('end'))
      }
    })

    for (const unreachable of findUnreachable(flow)) {
      const position = flow.steps.findIndex((s) => s.id === unreachable)
      problems.push(
        source.problem(['steps', position, 'id'], `step "${unreachable}" can never be reached: no step leads to it. Point a next/goto at it or remove it`, 'warn'),
      )
    }
  }

  // FAQ
  const topicIds = new Set(input.topics?.value.topics.map((t) => t.id) ?? [])
  const faqIds = new Map<string, YamlSource>()
  const officialDomains = input.contacts?.value.official_domains ?? []
  for (const { value, source } of input.faqFiles) {
    value.entries.forEach((entry, i) => {
      if (faqIds.has(entry.id)) {
        problems.push(source.problem(['entries', i, 'id'], `FAQ id "${entry.id}" is also used in ${faqIds.get(entry.id)!.file}; ids must be unique`))
      }
      faqIds.set(entry.id, source)
    })
  }
  for (const { value, source } of input.faqFiles) {
    value.entries.forEach((entry, i) => {
      const at = (...path: PropertyKey[]): PropertyKey[] => ['entries', i, ...path]
      if (!topicIds.has(entry.topic)) {
        problems.push(source.problem(at('topic'), `unknown topic "${entry.topic}"; add it to content/faq/topics.yaml.${didYouMean(entry.topic, topicIds)}`))
      }
      const userSources: [Lang | 'both', string, PropertyKey[]][] =
        typeof entry.source === 'string'
          ? [['both', entry.source, at('source')]]
          : [['id', entry.source.id, at('source', 'id')], ...(entry.source.en ? [['en', entry.source.en, at('source', 'en')] as [Lang, string, PropertyKey[]]] : [])]
      for (const [lang, text, path] of userSources) {
        for (const message of sourceLineProblems(text, lang, { officialDomains })) problems.push(source.problem(path, message))
      }
      checkText(entry.a.id, source, at('a', 'id'), false)
      if (entry.a.en === undefined) problems.push(source.problem(at('a'), `FAQ "${entry.id}" has no English answer (a.en)`, 'warn'))
      else checkText(entry.a.en, source, at('a', 'en'), false)
      if (entry.abroad_answer) {
        checkText(entry.abroad_answer.id, source, at('abroad_answer', 'id'), false)
        if (entry.abroad_answer.en === undefined) problems.push(source.problem(at('abroad_answer'), `FAQ "${entry.id}" has no English abroad answer (abroad_answer.en)`, 'warn'))
        else checkText(entry.abroad_answer.en, source, at('abroad_answer', 'en'), false)
        // The answer for someone abroad names no number that works only inside Indonesia.
        for (const [lang, text] of Object.entries(entry.abroad_answer)) {
          if (text?.includes('{contact.polisi}')) problems.push(source.problem(at('abroad_answer', lang), `FAQ "${entry.id}": abroad_answer names {contact.polisi}, which works only inside Indonesia; name the local emergency number and the KBRI/KJRI instead`))
        }
      }
      // An entry with no question variants at all is answer-only: said in place of another (redflag-cues `refines`).
      if (!entry.q.id?.length && entry.q.en?.length) problems.push(source.problem(at('q'), `FAQ "${entry.id}" has no Indonesian question variants (q.id)`, 'warn'))
      entry.followups.forEach((id, j) => {
        if (!faqIds.has(id)) problems.push(source.problem(at('followups', j), `unknown FAQ id "${id}".${didYouMean(id, faqIds.keys())}`))
      })
      entry.near_miss.forEach((near, j) => {
        if (near.entry === entry.id) {
          problems.push(source.problem(at('near_miss', j, 'entry'), `near_miss of "${entry.id}" names the entry itself; name the other, easily confused entry`))
        } else if (!faqIds.has(near.entry)) {
          problems.push(source.problem(at('near_miss', j, 'entry'), `unknown FAQ id "${near.entry}".${didYouMean(near.entry, faqIds.keys())}`))
        }
      })
    })
  }
  // FAQ entries and flows named by a step's `on_question`.
  for (const { value: flow, source } of input.flows) {
    flow.steps.forEach((step, i) => {
      if (!('ask' in step) || !step.on_question) return
      const q = step.on_question
      const named: [string, (string | number)[]][] = Object.entries(q.faq).map(([k, id]) => [id, ['faq', k]])
      if (q.paid) named.push([q.paid.faq, ['paid', 'faq']])
      for (const [id, path] of named) {
        if (!faqIds.has(id)) problems.push(source.problem(['steps', i, 'on_question', ...path], `unknown FAQ id "${id}".${didYouMean(id, faqIds.keys())}`))
      }
      if (q.paid?.offer && !flowIds.has(q.paid.offer)) {
        problems.push(source.problem(['steps', i, 'on_question', 'paid', 'offer'], `unknown flow "${q.paid.offer}".${didYouMean(q.paid.offer, flowIds)}`))
      }
    })
  }
  return problems
}

/** Step ids that no path from the first step reaches. */
function findUnreachable(flow: FlowDef): string[] {
  const index = new Map(flow.steps.map((s, i) => [s.id, i]))
  const seen = new Set<string>()
  const queue: string[] = [flow.steps[0]!.id]
  const visit = (target: string | undefined): void => {
    if (target !== undefined && index.has(target) && !seen.has(target)) queue.push(target)
  }
  while (queue.length > 0) {
    const id = queue.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    const position = index.get(id)!
    const step: Step = flow.steps[position]!
    const following = flow.steps[position + 1]?.id
    visit(step.next)
    if ('ask' in step) {
      visit(step.on_fail)
      step.choices?.forEach((c) => visit(c.goto))
      if (!step.next && !step.choices?.every((c) => c.goto)) visit(following)
    } else if ('branch' in step) {
      step.branch.forEach((line) => visit('if' in line ? line.goto : line.else))
    } else if ('action' in step) {
      Object.values(step.on ?? {}).forEach(visit)
      if (!step.next && !step.on?.default) visit(following)
    } else if ('goto' in step) {
      visit(step.goto)
    } else if ('say' in step) {
      if (!step.next) visit(following)
    }
  }
  return flow.steps.map((s) => s.id).filter((id) => !seen.has(id))
}
