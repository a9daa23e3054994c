/**
 * The agency check's actions for the warning signs a message states by itself (content/redflag-cues.yaml,
 * src/understanding/redflag-cues.ts): read them from the typed company answer, say them after the verdict, forget
 * them before another company is checked. `msg_flags` holds the sign ids; each sign with a quiz question also sets
 * that answer to "yes" and lists it as given (`_prefilled`), so the quiz skips it (see `carriedAnswers`).
 */
import type { Flow } from '../content/bundle.ts'
import { PREFILLED_KEY } from '../understanding/plan.ts'
import { registryMention } from '../understanding/registry-mention.ts'
import { FLAGS_KEY, messageSignAnswers, type RedflagSign } from '../understanding/redflag-cues.ts'
import type { ActionContext, ActionDef } from './actions.ts'
import { faqAnswer } from './faq-reply.ts'
import { readRecruiterText } from './recruiter-text.ts'
import type { FlowPosition, Reply } from './types.ts'

function signReply(ctx: ActionContext, sign: RedflagSign): Reply | undefined {
  if (sign.faq) {
    const entry = ctx.bundle.faq.byId.get(sign.faq)
    return entry ? faqAnswer(ctx.bundle, entry, ctx.lang) : undefined
  }
  return sign.text ? { text: ctx.text(sign.text), key: sign.text } : undefined
}

export const REDFLAG_ACTIONS: Readonly<Record<string, ActionDef>> = {
  /**
   * Reads the answer to "which company?" (`text`): the signs it states are added to `msg_flags`; `no_name` when it
   * says it has no name ("ga tau PT nya apa kak, cuma sponsor pak haji") and names no licence, no "PT …" and no
   * registered company.
   */
  message_flags: {
    outcomes: ['name', 'no_name'],
    sets: [FLAGS_KEY],
    run(ctx) {
      const text = ctx.args.text ?? ''
      const set = messageSignAnswers(ctx.bundle.redflags, text, ctx.answers, PREFILLED_KEY)
      const entities = ctx.bundle.router?.route(text).entities
      // A name typed with its legal form ("PT Maju Jaya, tapi saya tidak tahu izinnya") or a registered name is a name.
      const named = !!entities?.license || !!(entities?.company && entities.form) || !!registryMention(ctx.bundle.agencies, text)
      // "sponsornya pak darto, dia bilang dari PT apa gt sy lupa": a person, and a company forgotten, is no name.
      const read = readRecruiterText(ctx.bundle, text)
      const forgotten = read.forgotCompany && !read.company && !entities?.license
      // "gk ada namanya kak, sy minta rekomendasi", "namanya sy gk tau" (cue `name_unknown` of content/intents.yaml).
      const unknown = (ctx.bundle.redflags?.givesNoName(text) ?? false) || (ctx.bundle.router?.hasCue(text, 'name_unknown') ?? false)
      const noName = forgotten || (unknown && !named)
      return { outcome: noName ? 'no_name' : 'name', set }
    },
  },

  /**
   * Says each sign in `msg_flags`, one message each with its official source; `none` (and nothing said) when there is
   * none. `header` (a text key): said first, only when a sign is said, with the signs' short names (`{signs}`,
   * texts `redflags.sign_<id>`) and the heading of the rules that follow (`agency.flags_rules`).
   */
  say_flags: {
    outcomes: ['said', 'none'],
    run(ctx) {
      const ids = Array.isArray(ctx.answers[FLAGS_KEY]) ? (ctx.answers[FLAGS_KEY] as string[]) : []
      const signs = (ctx.bundle.redflags?.signs ?? []).filter((s) => ids.includes(s.id))
      const replies = signs.map((s) => signReply(ctx, s)).filter((r): r is Reply => r !== undefined)
      if (replies.length === 0) return { outcome: 'none' }
      const header = ctx.args.header
      if (!header) return { outcome: 'said', replies }
      const names = [...new Set(signs.map((s) => `redflags.sign_${s.id}`).filter((k) => ctx.bundle.texts.id.has(k)).map((k) => ctx.text(k)))]
      const intro = [ctx.text(header, { signs: names.join(', ') }), ctx.text('agency.flags_rules')].join('\n\n')
      return { outcome: 'said', replies: [{ text: intro, key: header }, ...replies] }
    },
  },

  /** Before another company is checked: the signs already said are not said again with its verdict. */
  forget_flags: {
    outcomes: ['done'],
    sets: [FLAGS_KEY],
    run: () => ({ outcome: 'done', set: { [FLAGS_KEY]: [] } }),
  },
}

/**
 * Answers carried into another flow started by a `goto`: those the user already gave (listed in `_prefilled` and not
 * yet used) that the next flow asks with `skip_if_prefilled`, so it does not ask them again.
 */
export function carriedAnswers(pos: FlowPosition | undefined, next: Flow | undefined): Record<string, unknown> {
  const given = pos && Array.isArray(pos.answers[PREFILLED_KEY]) ? (pos.answers[PREFILLED_KEY] as string[]) : []
  if (!next || given.length === 0) return {}
  const asked = new Set(next.steps.flatMap((s) => ('ask' in s && s.skip_if_prefilled ? [s.save ?? s.id] : [])))
  const carried = given.filter((name) => asked.has(name) && pos!.answers[name] !== undefined)
  if (carried.length === 0) return {}
  return { ...Object.fromEntries(carried.map((name) => [name, pos!.answers[name]])), [PREFILLED_KEY]: carried }
}
