/**
 * Leaving help mode for one message: after a crisis answer (a relative out of contact, a worker in danger) people
 * give details ("namanya Siti, kapal Hai Feng 88, terakhir kontak 3 Oktober") and then often ask something else
 * ("kalau mau jadi TKI legal gmn caranya", "kak mau nanya dong", "what documents do I need?"). The details stay help
 * mode's; a clear new question or request is answered as usual (help mode itself goes on, for later details).
 *
 * A message leaves help mode when it
 *   - is a command the router reads (a greeting with "mau nanya", "hapus data saya", "help");
 *   - says it changes the subject (`follow_up.new_topic` of content/crisis.yaml: "mau tanya lain", "btw",
 *     "another question");
 *   - or asks a question (a question word or "?") that the FAQ can answer or offer entries for, without details
 *     (a phone number, a date, `follow_up.details` words like "namanya", "kapal") and without asking what to do
 *     about the situation itself (`follow_up.situation`: "sy harus gmn", "what should I do").
 * After self-harm (a category whose phrases keep their kind, `asked_is_crisis`), only a question with two or more
 * likely FAQ entries that starts like one ("apa …?") leaves, as before: "mau nanya, kenapa hidup sy gini" stays with
 * the help. Pure: the words are content, read once per content version.
 */
import type { Bundle } from '../content/bundle.ts'
import type { RoutePlan } from '../understanding/plan.ts'
import type { FaqMatch } from '../understanding/faq-matcher.ts'
import type { CrisisContext } from './crisis-follow-up.ts'
import { looksLikeQuestion } from '../understanding/form-question.ts'

interface ExitWords {
  backToHelp: RegExp
  newTopic: RegExp
  details: RegExp
  situation: RegExp
}

const built = new WeakMap<object, ExitWords>()

/** A long number (a phone, a passport) or a day and month ("3 oktober", "12/8"): details, not a question. */
const DETAIL_NUMBERS =
  /\d{6,}|\b\d{1,2}\s*(jan|feb|mar|apr|mei|may|jun|jul|agu|aug|sep|okt|oct|nov|des|dec)[a-z]*\b|\b\d{1,2}[/-]\d{1,2}\b/i

function phrases(words: readonly string[]): RegExp {
  const alternatives = [...new Set(words.map((w) => w.toLowerCase().trim()).filter((w) => w !== ''))].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return alternatives.length === 0 ? /$^/ : new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${alternatives.join('|')})(?=$|[^\\p{L}\\p{N}])`, 'u')
}

function exitWords(bundle: Bundle): ExitWords {
  let words = built.get(bundle.crisis)
  if (!words) {
    const content = bundle.crisis.followUp
    words = { backToHelp: phrases(content.back_to_help), newTopic: phrases(content.new_topic), details: phrases(content.details), situation: phrases(content.situation) }
    built.set(bundle.crisis, words)
  }
  return words
}

/** Whether a help-mode message is a new question or request rather than more about the situation. */
export function leavesHelpMode(bundle: Bundle, text: string, plan: RoutePlan, found: FaqMatch, context: CrisisContext): boolean {
  const choices = found.kind === 'clarify' && found.hits.length > 1
  if (bundle.crisis.keepsKind.includes(context.category)) return choices && looksLikeQuestion(text)
  if (plan.kind === 'command' || plan.kind === 'menu') return true
  const t = text.toLowerCase()
  const words = exitWords(bundle)
  if (words.newTopic.test(t)) return true
  if (DETAIL_NUMBERS.test(t) || words.details.test(t) || words.situation.test(t)) return false
  const asks = text.includes('?') || bundle.router?.isQuestion(text) === true
  if (!asks) return false
  // A relative's question the FAQ is unsure of ("she doesnt have her passport. should i call the agency first?")
  // stays with the situation: its next step, not a menu of guesses.
  if (context.about === 'other' && found.kind !== 'answer') return false
  return found.kind === 'answer' || choices
}

/**
 * Whether a help-mode message gives details of the situation (a long number or a date, a `follow_up.details` word,
 * or a statement of six words or more that asks nothing): only these get "thank you, I have read it… I do not pass
 * these details on". "they coming", "sy udh laper bgt?" and questions get the situation's next step instead.
 */
export function givesDetails(bundle: Bundle, text: string): boolean {
  const t = text.toLowerCase()
  const words = exitWords(bundle)
  if (DETAIL_NUMBERS.test(t) || words.details.test(t)) return true
  if (text.includes('?') || looksLikeQuestion(text)) return false
  return t.split(/\s+/).filter((w) => w !== '').length >= 6
}

/**
 * Whether a message after "menu" or "stop" brings help mode back: it still speaks of fear or danger, or says the
 * button was pressed by mistake (`follow_up.back_to_help`: "sy msh takut", "im still scared", "maaf tadi kepencet").
 */
export function backToHelp(bundle: Bundle, text: string): boolean {
  return exitWords(bundle).backToHelp.test(text.toLowerCase())
}
