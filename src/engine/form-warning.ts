/**
 * A warning said inside a form before it goes on: free text typed at a form's question (a report's story, the
 * recruiter's details) that describes a trafficking pattern or a non-procedural route ("sy ditawarin kerja di
 * myanmar jd customer service, disuruh brgkt pake visa turis lwt bangkok minggu depan") gets that FAQ entry's
 * warning at once; the form keeps its answers and continues.
 *
 * Which FAQ entries count as warnings is content (content/redflag-cues.yaml `form_warnings`): an entry counts when a
 * warning sign the text states explains itself with it, or when the FAQ matcher answers the text with it.
 */
import type { Bundle } from '../content/bundle.ts'
import type { FaqEntry } from '../content/types.ts'
import { searchFollowUp } from '../understanding/follow-up.ts'

/** The first warning entry the text states that was not said yet in this form (`said`), or undefined. */
export function formWarning(bundle: Bundle, text: string, said: readonly string[], now: number): FaqEntry | undefined {
  const listed = bundle.redflags?.formWarnings ?? []
  if (listed.length === 0) return undefined
  const fromSigns = (bundle.redflags?.read(text) ?? []).flatMap((sign) => (sign.faq && listed.includes(sign.faq) ? [sign.faq] : []))
  const search = searchFollowUp(bundle.faq.index, text, undefined, now).found
  const fromFaq = search.kind === 'answer' && listed.includes(search.hits[0]!.id) ? [search.hits[0]!.id] : []
  // The file's order is the order of importance ("myanmar … visa turis": the trafficking warning first).
  const found = new Set([...fromSigns, ...fromFaq])
  const id = listed.find((candidate) => found.has(candidate) && !said.includes(candidate))
  return id === undefined ? undefined : bundle.faq.byId.get(id)
}
