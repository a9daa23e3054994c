/**
 * A danger told in one clause of a message next to an ordinary question in another. The detector reads a message
 * whole, and a question ("…gmn ngurusnya?", "bisa ganti majikan ga?") makes the whole read calm; the clause that
 * states the danger is read alone here. Used wherever a cry for help must be recognised: the gate (before the rate
 * limit) and the engine (before any step).
 */
import type { Bundle } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import type { CrisisExplanation, CrisisResult } from './crisis.ts'
import { messageClauses } from './plan.ts'
import { TextMemo } from './text-cache.ts'

/** At most this many clauses of a message are read (each is one detector pass). */
const MAX_CLAUSES = 12

/** The kinds of danger a clause states clearly enough to answer next to an ordinary question in the same message. */
const BESIDE_QUESTION_KINDS: ReadonlySet<string> = new Set(['violence', 'sexual_violence', 'self_harm', 'confinement'])

/**
 * A danger told next to an ordinary question ("majikan sering mukul, trus gaji sy 3 bln blm dibayar gmn
 * ngurusnya?"), which the detector reads whole as a calm question: a clause that is not itself a question and states
 * harm, confinement or self-harm by a phrase of its own (never the classifier's guess from a clause), in a message
 * with a question clause that states no danger, when the rules keep that danger in the whole message too (only the
 * classifier's reading of the whole held it back). Undefined otherwise.
 */
export function crisisBesideQuestion(bundle: Bundle, text: string): CrisisResult | undefined {
  // Asked of the same message by the gate (rate limit), the engine and the handoff check: read once per bundle.
  let memo = remembered.get(bundle)
  if (!memo) remembered.set(bundle, (memo = new TextMemo(2_000, 300)))
  return memo.get(text, (t) => besideQuestion(bundle, t))
}

/**
 * A cry for help the assistant must answer before anything else (also past the rate limit and an open officer case):
 * a crisis in the message, a danger beside an ordinary question, or "tolong" alone. `text` is sanitized input.
 */
export function statesCrisis(bundle: Bundle, text: string): boolean {
  return bundle.crisis.detect(text) !== undefined || commandKey(text) === 'tolong' || crisisBesideQuestion(bundle, text) !== undefined
}

const remembered = new WeakMap<Bundle, TextMemo<CrisisResult | undefined>>()

function besideQuestion(bundle: Bundle, text: string): CrisisResult | undefined {
  const router = bundle.router
  const clauses = messageClauses(text).slice(0, MAX_CLAUSES)
  if (!router || clauses.length < 2) return undefined
  // Only when the rules read a danger in the whole message too, and the classifier's reading of the whole (a
  // question) held it back: never past a laugh, "sudah aman", a denial, a conditional or a general question. Read
  // first: most messages stop here, after one more detector pass.
  if (!kept(bundle.crisis.explain(text))) return undefined
  const asks = clauses.map((c) => router.isQuestion(c))
  if (!clauses.some((c, i) => asks[i] && !bundle.crisis.detect(c))) return undefined
  for (const [i, clause] of clauses.entries()) {
    if (asks[i]) continue
    const found = bundle.crisis.detect(clause)
    if (!found || !BESIDE_QUESTION_KINDS.has(found.category) || found.phrase.startsWith('(classifier')) continue
    // The clauses up to the danger are read once more as one sentence, so that a word of an earlier clause that makes
    // it general ("untuk tugas sekolah, majikan mukul pekerja, apa hukumnya?") or a condition still counts.
    return kept(bundle.crisis.explain(clauses.slice(0, i + 1).join(' '))) ? found : undefined
  }
  return undefined
}

/** The rules keep a danger phrase in this reading (nothing silenced or overruled it). */
function kept(reading: CrisisExplanation): boolean {
  return !reading.silenced && !reading.overruled && reading.matches.some((m) => m.kept)
}
