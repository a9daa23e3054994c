/**
 * Unanswered questions for officers: grouped by similarity, most asked first; a group can be marked handled
 * (hidden until someone asks one of its questions again) and turned into an FAQ draft to paste into
 * `content/faq/*.yaml`.
 *
 * Similarity: the words of each question as the FAQ matcher reads them (`tokenize` with the content's lexicon,
 * then the Indonesian stemmer, without function words), compared by Jaccard overlap. Greedy: questions are
 * taken most asked first and join the first group whose first question shares at least `threshold` of their
 * words; otherwise they start a group. O(questions × groups), which is fine for the few thousand questions the
 * age limit keeps.
 *
 * "Handled" marks live in the store's key-value space (`officer:unanswered-handled`: text → when), so every
 * process sees them; a question asked again after its mark shows again.
 */
import { createHash } from 'node:crypto'
import { stringify } from 'yaml'
import type { Bundle } from '../content/bundle.ts'
import { tokenize } from '../understanding/normalize.ts'
import { stem } from '../understanding/stemmer.ts'
import { STOPWORDS } from '../understanding/text-features.ts'
import type { Store, UnansweredQuestion } from '../store/types.ts'

export interface QuestionGroup {
  /** Stable while the group's first question stays the same. */
  id: string
  /** The most asked question of the group. */
  text: string
  /** Occurrences of all its questions. */
  count: number
  lastAt: string
  questions: UnansweredQuestion[]
}

/** Two questions share a group from this Jaccard overlap of their words. */
export const DEFAULT_GROUP_THRESHOLD = 0.5

const HANDLED_KEY = 'officer:unanswered-handled'

/** The words that decide similarity: normalized, stemmed, without function words and masks. */
export function questionWords(text: string, bundle?: Bundle): Set<string> {
  const words = tokenize(text, bundle?.lexicon).filter((word) => !STOPWORDS.has(word) && word.length > 1)
  return new Set(words.map((word) => stem(word)))
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let shared = 0
  for (const word of a) if (b.has(word)) shared++
  return shared / (a.size + b.size - shared)
}

/** Groups questions by similarity, most asked group first (see the module comment). */
export function groupQuestions(questions: readonly UnansweredQuestion[], bundle?: Bundle, threshold = DEFAULT_GROUP_THRESHOLD): QuestionGroup[] {
  const sorted = [...questions].sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
  const groups: Array<{ words: Set<string>; group: QuestionGroup }> = []
  for (const question of sorted) {
    const words = questionWords(question.text, bundle)
    const home = groups.find((g) => jaccard(g.words, words) >= threshold)
    if (home) {
      home.group.questions.push(question)
      home.group.count += question.count
      if (question.lastAt > home.group.lastAt) home.group.lastAt = question.lastAt
    } else {
      const id = createHash('sha256').update(question.text).digest('hex').slice(0, 12)
      groups.push({ words, group: { id, text: question.text, count: question.count, lastAt: question.lastAt, questions: [question] } })
    }
  }
  return groups.map((g) => g.group).sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
}

/** Handled marks: question text → ISO time it was marked. */
export async function readHandled(store: Store): Promise<Record<string, string>> {
  const raw = await store.kvGet(HANDLED_KEY)
  if (!raw) return {}
  try {
    const parsed = JSON.parse(raw) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}

/**
 * The open groups: questions not marked handled since they were last asked. Marks of questions that are gone
 * (cleared, aged out, deleted with "hapus data saya") are dropped here, so their text does not stay behind.
 */
export async function openQuestionGroups(store: Store, bundle?: Bundle): Promise<QuestionGroup[]> {
  const [questions, handled] = await Promise.all([store.listUnanswered(), readHandled(store)])
  const alive = new Set(questions.map((q) => q.text))
  const kept = Object.entries(handled).filter(([text]) => alive.has(text))
  if (kept.length < Object.keys(handled).length) await writeHandled(store, Object.fromEntries(kept))
  return groupQuestions(
    questions.filter((q) => !(handled[q.text] && handled[q.text]! >= q.lastAt)),
    bundle,
  )
}

async function writeHandled(store: Store, marks: Record<string, string>): Promise<void> {
  if (Object.keys(marks).length === 0) await store.kvDelete(HANDLED_KEY)
  else await store.kvSet(HANDLED_KEY, JSON.stringify(marks))
}

/**
 * Marks the group `groupId` handled (its questions hide until asked again). Resolves how many questions were
 * marked, or 0 when the group is not there (any more).
 */
export async function markGroupHandled(store: Store, groupId: string, at: string, bundle?: Bundle): Promise<number> {
  const groups = await openQuestionGroups(store, bundle)
  const group = groups.find((g) => g.id === groupId)
  if (!group) return 0
  const [handled, current] = await Promise.all([readHandled(store), store.listUnanswered()])
  // Marks of questions that are gone (cleared, aged out) are dropped, so the list stays small.
  const alive = new Set(current.map((q) => q.text))
  const next: Record<string, string> = Object.fromEntries(Object.entries(handled).filter(([text]) => alive.has(text)))
  // Never before the question was last asked (clocks of several processes differ a little).
  for (const question of group.questions) next[question.text] = at > question.lastAt ? at : question.lastAt
  await writeHandled(store, next)
  return group.questions.length
}

/** A draft FAQ entry for the group, as YAML to paste under `entries:` of a `content/faq/*.yaml` file. */
export function faqDraft(group: QuestionGroup): string {
  const words = [...questionWords(group.text)].slice(0, 4)
  const id = (words.join('-') || 'pertanyaan-baru').replace(/[^a-z0-9-]/g, '').slice(0, 40) || 'pertanyaan-baru'
  const byLang = (lang: string) => group.questions.filter((q) => (lang === 'en' ? q.lang === 'en' : q.lang !== 'en')).map((q) => q.text)
  const english = byLang('en')
  const entry = {
    id,
    topic: 'TODO-topik',
    q: { id: byLang('id').length > 0 ? byLang('id') : [group.text], ...(english.length > 0 ? { en: english } : {}) },
    a: {
      id: 'TODO: tulis jawaban singkat, hanya fakta yang ada sumbernya (../shared/facts/).',
      en: 'TODO: a short answer, only facts with a source.',
    },
    source: 'TODO: instrumen atau penerbit resmi',
    reviewed: 'TODO-YYYY-MM-DD',
  }
  return stringify([entry], { lineWidth: 0 })
}
