/**
 * Named actions that flows call with `action:`. Each is pure: it reads the bundle and the answers and
 * returns an outcome (for the step's `on:` map), values to set, replies and effects. Add an action here and
 * the validator knows it.
 */
import { createHash } from 'node:crypto'
import type { Bundle } from '../content/bundle.ts'
import type { ActionSpecs } from '../content/checks.ts'
import { checkAgency, normalizeAgencyName, normalizeLicense, type AgencyCheck, type AgencyMatch } from '../knowledge/agencies.ts'
import { normalizeIndonesianMobile, phoneFromChat } from '../knowledge/phone.ts'
import { companyPart, otherCity, withoutTrailingCity } from './agency-query.ts'
import { faqAnswer, faqFollowups } from './faq-reply.ts'
import { REDFLAG_ACTIONS } from './redflag-actions.ts'
import type { Effect, Inbound, Lang, Lead, Reply, Report } from './types.ts'

export interface ActionContext {
  readonly bundle: Bundle
  readonly lang: Lang
  readonly answers: Readonly<Record<string, unknown>>
  /** The step's `args`, with placeholders filled. */
  readonly args: Readonly<Record<string, string>>
  readonly inbound: Inbound
  readonly userKey: string
  /** The user's recent texts (shared with an officer only after consent). */
  readonly recent: readonly string[]
  /** Whether the deployment has human officers to hand over to. */
  readonly handoffAvailable: boolean
  /** Renders a text key with the answers and `extra` values. */
  readonly text: (key: string, extra?: Record<string, unknown>) => string
}

export interface ActionResult {
  outcome: string
  set?: Record<string, unknown>
  replies?: Reply[]
  effects?: Effect[]
}

export interface ActionDef {
  readonly outcomes: readonly string[]
  readonly sets?: readonly string[]
  run(ctx: ActionContext): ActionResult
}

const iso = (ms: number): string => new Date(ms).toISOString()
/** The calendar date in Indonesia's western time zone (WIB, UTC+7), where licences expire. */
export const todayWib = (ms: number): string => iso(ms + 7 * 3600_000).slice(0, 10)

/** Short, readable, stable reference: `MA-` and 6 characters without look-alikes (0/O, 1/I). */
export function referenceFor(seed: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
  const digest = createHash('sha256').update(seed).digest()
  let out = ''
  for (let i = 0; i < 6; i++) out += alphabet[digest[i]! % alphabet.length]
  return `MA-${out}`
}

/**
 * Registry entries as choices: the registered name (with the licence number when two listed names read the same),
 * a short id stable across messages (a stale button never picks another company), and the licence number as the
 * value, which is unique in a registry.
 */
function matchChoices(
  ctx: ActionContext,
  matches: readonly AgencyMatch[],
  byNumber: boolean,
): { id: string; label: string; value: string; synonyms?: string[] }[] {
  const seen = new Map<string, number>()
  for (const m of matches) seen.set(normalizeAgencyName(m.name), (seen.get(normalizeAgencyName(m.name)) ?? 0) + 1)
  return matches.map((m) => {
    // A status that is a warning is on the button itself ("PT X (izin dicabut)"); "berizin" never is (a near match).
    const status = m.status === 'active' ? '' : ` (${ctx.text(`agency.status.${m.status}`)})`
    const twin = seen.get(normalizeAgencyName(m.name))! > 1
    // Twins: the city tells them apart too, and a typed "yang di Kota Contoh Tujuh" picks one.
    const label = byNumber
      ? `${m.license}: ${m.name}${status}`
      : twin
        ? `${m.name} (${[m.license, m.city, ...(status ? [ctx.text(`agency.status.${m.status}`)] : [])].filter(Boolean).join(', ')})`
        : `${m.name}${status}`
    const choice: { id: string; label: string; value: string; synonyms?: string[] } = {
      id: `p${createHash('sha256').update(normalizeLicense(m.license)).digest('hex').slice(0, 10)}`,
      label,
      value: m.license,
    }
    if (twin && m.city) choice.synonyms = [m.city, m.license]
    return choice
  })
}

/**
 * Checks the query; when nothing is found and it ends with a city ("pt global tenaga nusantra lombok timur"), the
 * name before the city is searched again and what that finds is offered as "maksud Anda…?" choices, never decided.
 */
function checkOrSuggest(ctx: ActionContext, query: string): AgencyCheck {
  const today = todayWib(ctx.inbound.now)
  const result = checkAgency(ctx.bundle.agencies, query, today)
  const bare = result.verdict === 'not_found' ? withoutTrailingCity(ctx.bundle, query) : undefined
  if (!bare) return result
  const again = checkAgency(ctx.bundle.agencies, bare, today)
  if (again.matches.length === 0) return result
  return { ...again, query, verdict: 'ambiguous', matches: again.matches.map((m) => ({ ...m, score: Math.min(m.score, SUGGESTED_SCORE) })) }
}
/** Score of a registered name found only after leaving out a city typed after it. */
const SUGGESTED_SCORE = 0.9

/**
 * How the candidates of an ambiguous check are introduced: `one` near name (said by name), `twins` (the same name
 * registered more than once), else `many`; empty when the check decided.
 */
function candidates(result: AgencyCheck): string {
  if (result.verdict !== 'ambiguous') return ''
  if (result.matches.length === 1 && !result.notes.includes('license_name_mismatch')) return 'one'
  const names = new Set(result.matches.map((m) => normalizeAgencyName(m.name)))
  return names.size === 1 && result.matches.length > 1 && result.matches.every((m) => m.score === 1) ? 'twins' : 'many'
}

const storeFailed = (ctx: ActionContext): Reply[] => [{ text: ctx.text('store.failed'), key: 'store.failed' }]

export const ACTIONS: Readonly<Record<string, ActionDef>> = {
  /**
   * Looks up an agency by name or licence number in the imported registry. Sets the best match's fields, the
   * verdict, the helper's notes (`license_name_mismatch`, `not_pt`), `agency_matches` (the candidates as choices
   * for `options: matches`: choosing one saves its licence number, so checking it again gives exactly that entry's
   * verdict) and `agency_others` (other similar registered names, with their status, to warn about look-alikes).
   */
  agency_check: {
    outcomes: ['licensed', 'suspended', 'revoked', 'expired', 'ambiguous', 'not_found', 'no_registry'],
    sets: [
      'agency_name', 'agency_license', 'agency_valid_until', 'agency_city', 'agency_status',
      'agency_verdict', 'agency_notes', 'agency_matches', 'agency_others', 'agency_said_city',
      'agency_typed_license', 'agency_candidates', 'agency_pick_status',
    ],
    run(ctx) {
      const query = companyPart(ctx.bundle, ctx.args.query ?? '')
      const result = checkOrSuggest(ctx, query)
      const best = result.matches[0]
      const shown = (m: AgencyMatch) => `${m.name} (${ctx.text(`agency.status.${m.status}`)})`
      // A name chosen from "Maksud Anda…?" (`typed`: what the user wrote): when that is not the registered name nor its
      // licence number, the verdict says so (lookalike names are a scammer's trick).
      const typed = ctx.args.typed?.trim()
      const notes: string[] = [...result.notes]
      // A number chosen after a typed number that no entry has: the verdict first says the typed number is not listed.
      let typedLicense = result.typed_license ?? ''
      if (typed && best && result.verdict !== 'ambiguous' && normalizeAgencyName(companyPart(ctx.bundle, typed)) !== normalizeAgencyName(best.name) && normalizeLicense(typed) !== normalizeLicense(best.license)) {
        const typedCheck = checkAgency(ctx.bundle.agencies, typed, todayWib(ctx.inbound.now))
        if (typedCheck.typed_license) {
          notes.push('typed_other_license')
          typedLicense = typedCheck.typed_license
        } else notes.push('typed_other_name')
      }
      // "PT Sinar Harapan Mandiri yg di surabaya" with the registry's office in Malang: said, with no verdict beyond it.
      const saidCity = result.verdict === 'ambiguous' ? undefined : otherCity(ctx.bundle.regions, ctx.inbound.text, best?.city)
      if (saidCity) notes.push('city_differs')
      return {
        outcome: result.verdict,
        set: {
          agency_name: best?.name ?? query,
          agency_license: best?.license ?? '',
          agency_valid_until: best?.valid_until ?? '',
          agency_city: best?.city ?? '',
          agency_status: best?.status ?? '',
          agency_verdict: result.verdict,
          agency_notes: notes,
          agency_matches: matchChoices(ctx, result.matches, result.typed_license !== undefined),
          agency_typed_license: typedLicense,
          // `one`: a single near match, said by name; `many`: several (or the same name twice).
          agency_candidates: candidates(result),
          agency_pick_status: best && best.status !== 'active' ? ` (${ctx.text(`agency.status.${best.status}`)})` : '',
          agency_others: result.verdict === 'ambiguous' ? '' : result.matches.slice(1).map((m) => `• ${shown(m)}`).join('\n'),
          agency_said_city: saidCity ?? '',
        },
      }
    },
  },

  /** Shows one FAQ answer (browse by topic), with related questions as buttons. */
  faq_show: {
    outcomes: ['shown', 'missing'],
    run(ctx) {
      const entry = ctx.bundle.faq.byId.get(ctx.args.id ?? '')
      if (!entry) return { outcome: 'missing' }
      return {
        outcome: 'shown',
        replies: [{ ...faqAnswer(ctx.bundle, entry, ctx.lang), choices: faqFollowups(ctx.bundle, entry, ctx.lang) }],
        effects: [{ type: 'event', name: 'faq_answered', detail: entry.id }],
      }
    },
  },

  /** Offers the phone number the chat already knows (WhatsApp), normalized to +62. */
  chat_phone: {
    outcomes: ['found', 'none'],
    sets: ['phone'],
    run(ctx) {
      if (!ctx.inbound.phone) return { outcome: 'none' }
      const phone = phoneFromChat(ctx.inbound.phone)
      return phone.ok ? { outcome: 'found', set: { phone: phone.e164 } } : { outcome: 'none' }
    },
  },

  /**
   * The Middle East moratorium (Kepmenaker 260/2015) stops domestic work for individual employers, not all work:
   * `moratorium` when the destination is listed and one of the chosen interests is often domestic work
   * (`domestic_work` in trainings.yaml); `companies_only` when the destination is listed but the interests are
   * work with companies (oil and gas, welding…), which must still go through an official route; else `open`.
   */
  destination_check: {
    outcomes: ['open', 'moratorium', 'companies_only'],
    sets: ['moratorium_told'],
    run(ctx) {
      const country = ctx.bundle.countries.find((c) => c.id === ctx.answers.destination)
      if (!country?.moratorium) return { outcome: 'open' }
      const chosen = Array.isArray(ctx.answers.interests) ? ctx.answers.interests : [ctx.answers.interests]
      const domestic = ctx.bundle.trainings.some((t) => t.domestic_work && chosen.includes(t.id))
      // Said before consent too (blind tester A, A-3: "it waits until step 6 to say so"): later only reminded of.
      if (!domestic) return ctx.args.when === 'before_consent' ? { outcome: 'companies_only', set: { moratorium_told: true } } : { outcome: 'companies_only' }
      // Checked on the first message's answers before consent (`args: { when: before_consent }`): the moratorium is
      // explained there, and the destination question later only reminds of it (`moratorium_told`).
      return ctx.args.when === 'before_consent' ? { outcome: 'moratorium', set: { moratorium_told: true } } : { outcome: 'moratorium' }
    },
  },

  /** Saves the training-interest lead. The confirmation is sent only once the store has it. */
  save_lead: {
    outcomes: ['saved'],
    sets: ['ref'],
    run(ctx) {
      const a = ctx.answers
      const phone = String(a.phone ?? '')
      // The lead belongs to the chat that gave it: a typed phone is a contact detail, never an identity.
      const id = createHash('sha256').update(`lead|${ctx.userKey}`).digest('hex').slice(0, 16)
      const ref = referenceFor(id)
      const now = iso(ctx.inbound.now)
      const lead: Lead = {
        id,
        ref,
        userKey: ctx.userKey,
        channel: ctx.inbound.channel,
        createdAt: now,
        updatedAt: now,
        lang: ctx.lang,
        name: String(a.name ?? ''),
        phone,
        age: Number(a.age ?? 0),
        province: String(a.province_label ?? a.province ?? ''),
        regency: String(a.regency_label ?? a.regency ?? ''),
        education: String(a.education ?? ''),
        interests: Array.isArray(a.interests) ? a.interests.map(String) : [],
        destination: String(a.destination ?? ''),
        consentAt: String(a.consent_at ?? now),
        ...(a.for_someone_else === true ? { forSomeoneElse: true } : {}),
      }
      return {
        outcome: 'saved',
        set: { ref },
        effects: [{ type: 'saveLead', lead, critical: true, failReplies: storeFailed(ctx) }],
      }
    },
  },

  /** Whether a human officer can be reached here (an officer group or the officer API is configured). */
  handoff_check: {
    outcomes: ['available', 'unavailable'],
    run: (ctx) => ({ outcome: ctx.handoffAvailable ? 'available' : 'unavailable' }),
  },

  /**
   * Opens a case with a human officer, after the user agreed to share the conversation. The case id is stable for
   * the message, so a redelivered message opens the same case. The engine then stays silent for this user.
   */
  open_case: {
    outcomes: ['opened'],
    sets: ['case_ref'],
    run(ctx) {
      const id = createHash('sha256').update(`case|${ctx.userKey}|${ctx.inbound.messageId}`).digest('hex').slice(0, 16)
      const ref = referenceFor(id)
      const { channel, userId, now } = ctx.inbound
      return {
        outcome: 'opened',
        set: { case_ref: ref },
        effects: [
          {
            type: 'openCase',
            case: { id, ref, userKey: ctx.userKey, channel, userId, lang: ctx.lang, openedAt: now, recent: [...ctx.recent] },
            critical: true,
            failReplies: storeFailed(ctx),
          },
        ],
      }
    },
  },

  /** Saves a report about a suspicious recruiter, for officers only. */
  save_report: {
    outcomes: ['saved'],
    sets: ['ref'],
    run(ctx) {
      const a = ctx.answers
      const id = createHash('sha256').update(`report|${ctx.userKey}|${ctx.inbound.now}|${String(a.recruiter)}`).digest('hex').slice(0, 16)
      const contact = a.report_contact ? normalizeIndonesianMobile(String(a.report_contact)) : undefined
      const ref = referenceFor(id)
      const report: Report = {
        id,
        ref,
        userKey: ctx.userKey,
        channel: ctx.inbound.channel,
        createdAt: iso(ctx.inbound.now),
        lang: ctx.lang,
        recruiter: String(a.recruiter ?? ''),
        story: String(a.story ?? ''),
        ...(contact?.ok ? { contact: contact.e164 } : a.report_contact ? { contact: String(a.report_contact) } : {}),
      }
      return {
        outcome: 'saved',
        set: { ref },
        effects: [{ type: 'saveReport', report, critical: true, failReplies: storeFailed(ctx) }],
      }
    },
  },

  // The warning signs a message states by itself (src/engine/redflag-actions.ts).
  ...REDFLAG_ACTIONS,
}

/** Outcomes per action, for the content validator. */
export const ACTION_SPECS: ActionSpecs = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, def]) => [name, { outcomes: def.outcomes, sets: def.sets ?? [] }]),
)
