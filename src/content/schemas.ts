/**
 * zod schemas of every YAML file officers edit. Messages are written for officers: they say what is
 * expected. Semantic checks (references, reachability, translations) live in `checks.ts`.
 */
import { z } from 'zod'
import { calendarDate, REVIEW_EVERY_PATTERN } from './freshness.ts'

const ID = /^[a-z0-9][a-z0-9_-]*$/
const idString = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .regex(ID, `${what} may use lower-case letters, digits, "_" and "-" only, starting with a letter or digit`)

export const localizedSchema = z.strictObject(
  {
    id: z.string({ error: 'the Indonesian text (id:) is required' }).min(1, 'the Indonesian text (id:) is empty'),
    en: z.string().min(1, 'the English text (en:) is empty; remove the line or write the translation').optional(),
  },
  { error: 'expected { id: "teks Indonesia", en: "English text" }' },
)

/** A text: a message key (`menu.prompt`) or inline text per language. */
export const textRefSchema = z.union([z.string().min(1, 'empty text key'), localizedSchema], {
  error: 'expected a text key like menu.prompt, or { id: "…", en: "…" }',
})
export type TextRef = z.infer<typeof textRefSchema>

const target = z.string({ error: 'expected a step id, a flow id, or flow.step' }).min(1)

export const choiceSchema = z.strictObject({
  id: idString('a choice id'),
  label: textRefSchema,
  /** Other words that pick this choice when typed ("ya", "iya" for "Ya, cek tanda bahaya"), any language. */
  synonyms: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  goto: target.optional(),
  /** Go to `goto`, and come back to this step once that answer is given (to correct one answer). */
  review: z.boolean().optional(),
})
export type ChoiceDef = z.infer<typeof choiceSchema>

const stepBase = {
  id: idString('a step id'),
  next: target.optional(),
}

export const ASK_KINDS = ['text', 'number', 'phone', 'choice', 'multi', 'yesno'] as const
/**
 * Lists of choices that come from content files rather than the flow. `matches`: the list an action saved in the
 * answer named by `of:` (e.g. `agency_matches`, the candidates of an agency check); a step's own `choices:` follow it.
 */
export const CATALOGS = ['trainings', 'countries', 'provinces', 'regencies', 'faq_topics', 'faq_entries', 'matches'] as const

const askSchema = z.strictObject({
  ...stepBase,
  ask: z.enum(ASK_KINDS, { error: `ask must be one of: ${ASK_KINDS.join(', ')}` }),
  text: z.union([textRefSchema, z.array(textRefSchema).min(1)]),
  save: idString('a variable name').optional(),
  choices: z.array(choiceSchema).min(1).optional(),
  options: z.enum(CATALOGS, { error: `options must be one of: ${CATALOGS.join(', ')}` }).optional(),
  /** Option or choice ids shown first, on the first page ("Belum tahu" as a button after the moratorium note). */
  pin: z.array(idString('an option id')).optional(),
  /** For `options: regencies`: the answer holding the province code. `faq_entries`: the topic. `matches`: the list. */
  of: idString('a variable name').optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  min_length: z.number().int().min(0).optional(),
  max_length: z.number().int().min(1).optional(),
  invalid: textRefSchema.optional(),
  max_tries: z.number().int().min(1).max(10).optional(),
  on_fail: target.optional(),
  /** When reached while correcting an answer, go on to the next step instead of back to the review. */
  review_next: z.boolean().optional(),
  /** yes/no: also offer "Tidak tahu" / "Not sure"; the answer is then saved as the word `unsure`. */
  unsure: z.boolean().optional(),
  /** What to do with text that is not an answer: `faq` treats it as a question (main menu). */
  on_other_text: z.enum(['faq']).optional(),
  /** Not asked when the answer was prefilled from the user's first words (content/intents.yaml `prefill:`); asked when reached again. */
  skip_if_prefilled: z.boolean().optional(),
  /** ask: choice: the choice a typed yes ("ya", "ok kirim", "sudah benar") takes, e.g. the confirm of a summary. */
  yes_choice: idString('a choice id').optional(),
  /** ask: choice: the choice a typed no ("ga", "gak kak", "no") takes, e.g. "none of these" of a picker, "Done" of a menu. */
  no_choice: idString('a choice id').optional(),
  /** ask: choice: the choice (or catalog option) a typed "I don't know" ("gk tau kak", "not sure") takes. */
  unsure_choice: idString('a choice or option id').optional(),
  /**
   * ask: choice after a result: a question typed here is answered by the FAQ; when the FAQ is not sure, by the entry
   * `faq` names for the value of the answer `by` (e.g. the verdict of an agency check). `paid`: when the message says
   * money was already paid (content/intents.yaml cue `paid_already`) and `by` is one of `when`, that entry, and the
   * flow `offer` offered as a button (its `recruiter` answer prefilled from `name`).
   */
  on_question: z
    .strictObject({
      by: idString('a variable name'),
      faq: z.record(z.string(), idString('an FAQ entry id')),
      /** Text keys by value of `by`: said when the question asks whether it is safe, allowed or what it means (cue `status_ask`). */
      status: z.record(z.string(), textRefSchema).optional(),
      paid: z
        .strictObject({
          when: z.array(z.string()).min(1),
          faq: idString('an FAQ entry id'),
          offer: idString('a flow id').optional(),
          name: idString('a variable name').optional(),
        })
        .optional(),
    })
    .optional(),
  /** ask: text: the answer is a person's name; "nama saya Siti", "panggil aja Ujang kak" save "Siti", "Ujang". */
  person_name: z.boolean().optional(),
  /**
   * ask: text: the answer is the user's own account of what happened (the report's story, its recruiter): a message
   * that sets off the emergency help here is kept as the answer and the form goes on. At any other step such a
   * message is never an answer: the form is parked after the help.
   */
  keeps_story: z.boolean().optional(),
})

const branchSchema = z.strictObject({
  ...stepBase,
  branch: z
    .array(
      z.union(
        [z.strictObject({ if: z.string().min(1), goto: target }), z.strictObject({ else: target })],
        { error: 'each branch line is { if: "condition", goto: step } or { else: step }' },
      ),
    )
    .min(1),
})

const saySchema = z.strictObject({
  ...stepBase,
  say: z.union([textRefSchema, z.array(textRefSchema).min(1)]),
})

const actionSchema = z.strictObject({
  ...stepBase,
  action: z.string().min(1),
  args: z.record(z.string(), z.string()).optional(),
  on: z.record(z.string(), target).optional(),
})

const gotoSchema = z.strictObject({ ...stepBase, goto: target })

const endSchema = z.strictObject({
  ...stepBase,
  end: z.union([z.literal(true), textRefSchema]),
  /** Show the main menu after the flow ends (default true). */
  menu: z.boolean().optional(),
})

export type AskStep = z.infer<typeof askSchema>
export type BranchStep = z.infer<typeof branchSchema>
export type SayStep = z.infer<typeof saySchema>
export type ActionStep = z.infer<typeof actionSchema>
export type GotoStep = z.infer<typeof gotoSchema>
export type EndStep = z.infer<typeof endSchema>
export type Step = AskStep | BranchStep | SayStep | ActionStep | GotoStep | EndStep

const STEP_KEYS = ['ask', 'say', 'branch', 'action', 'goto', 'end'] as const

/** Picks the step schema by the key that names the step kind, so errors speak of that kind only. */
export const stepSchema = z.custom<Step>().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `a step is a map with an id and one of: ${STEP_KEYS.join(', ')}` })
    return
  }
  const kinds = STEP_KEYS.filter((key) => key in value)
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? `this step has no kind; add one of: ${STEP_KEYS.join(', ')}`
          : `this step has ${kinds.join(' and ')}; a step does one thing: split it into two steps`,
    })
    return
  }
  const schema = { ask: askSchema, say: saySchema, branch: branchSchema, action: actionSchema, goto: gotoSchema, end: endSchema }[
    kinds[0]!
  ]
  const result = schema.safeParse(value)
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: issue.path, message: issue.message })
  }
})

export const flowSchema = z.strictObject({
  id: idString('the flow id'),
  title: textRefSchema.optional(),
  description: z.string().optional(),
  /**
   * Questions about this form itself ("dijamin berangkat ga?", "biayanya brp?"), typed at any of its questions: the
   * first entry whose cue (content/intents.yaml `cues`) the question holds says its text, and the question is asked again.
   */
  about: z.array(z.strictObject({ cue: idString('a cue name'), text: textRefSchema })).optional(),
  steps: z.array(stepSchema).min(1, 'a flow needs at least one step'),
})
export type FlowDef = z.infer<typeof flowSchema>

export const contactsSchema = z.strictObject({
  /** Domains (with their subdomains) that an FAQ's user-facing source may link to. */
  official_domains: z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain like bp2mi.go.id')).default([]),
  contacts: z.array(
    z.strictObject({
      id: idString('a contact id'),
      kind: z.enum(['phone', 'whatsapp', 'url']),
      value: z.string().min(3),
      label: localizedSchema,
      source: z.string().min(3, 'say where this number or address comes from'),
      confidence: z.enum(['verified', 'likely'], { error: 'confidence is verified or likely; never publish unverified contacts' }),
    }),
  ),
})

export const commandsSchema = z.strictObject({
  commands: z.strictObject({
    menu: z.array(z.string().min(1)),
    back: z.array(z.string().min(1)),
    help: z.array(z.string().min(1)),
    stop: z.array(z.string().min(1)),
    language: z.array(z.string().min(1)),
    delete: z.array(z.string().min(1)),
    greeting: z.array(z.string().min(1)),
    yes: z.array(z.string().min(1)),
    no: z.array(z.string().min(1)),
    /** Softeners around a yes or no ("kayaknya iya", "iya sih", "I think so"): removed before reading it. */
    hedge: z.array(z.string().min(1)).default([]),
    /** "I don't know" at a yes/no question: an answer of its own where the step allows it (`unsure: true`). */
    unsure: z.array(z.string().min(1)).default([]),
    /** More typed forms of "I don't know" ("ga tahu", "gtw"), read like `unsure` but no calm example of the crisis classifier. */
    unsure_typed: z.array(z.string().min(1)).default([]),
    /** More typed forms of "yes" ("iy", "gelem", "purun"), read like `yes` but no calm example of the crisis classifier. */
    yes_typed: z.array(z.string().min(1)).default([]),
    /** More ways to type no ("gausah"): read like `no`, not taught to the crisis classifier. */
    no_typed: z.array(z.string().min(1)).default([]),
    /** "udah cukup, stop ya" outside a form: a warm close, nothing stored. */
    enough: z.array(z.string().min(1)).default([]),
    /** "That's all" at a question with several choices. */
    done: z.array(z.string().min(1)).default([]),
    /** The next page of a long list ("lainnya", "more"). */
    more: z.array(z.string().min(1)).default([]),
    /** Ask for a human officer (flows/handoff.yaml). */
    handoff: z.array(z.string().min(1)).default([]),
    /** Words around a name ("nama saya …", "panggil aja …", "… kak"): removed where a step asks for a name (`person_name: true`). */
    name_intro: z.array(z.string().min(1)).default([]),
    name_after: z.array(z.string().min(1)).default([]),
    /** Words that start what follows a name in the same message ("Rizky Pratama dr kebumen", "Dewi kan td udh sy tulis"). */
    name_tail: z.array(z.string().min(1)).default([]),
    /** Asking why a question is asked ("ini buat apa?"): the step's reason is given, never taken as the answer. */
    why: z.array(z.string().min(1)).default([]),
    /** Around a recruiter's name ("nama sponsornya pak slamet, orang cilacap"): read by src/engine/recruiter-text.ts. */
    recruiter_intro: z.array(z.string().min(1)).default([]),
    recruiter_noise: z.array(z.string().min(1)).default([]),
    recruiter_title: z.array(z.string().min(1)).default([]),
    recruiter_company: z.array(z.string().min(1)).default([]),
    /** A recruiter is spoken of ("sponsornya", "akun fb"): a name in a story told before a report is its recruiter. */
    recruiter_cue: z.array(z.string().min(1)).default([]),
    /** "ibu sy", "my mother": a title or family word followed by one of these is the writer's family, never a recruiter. */
    recruiter_possessive: z.array(z.string().min(1)).default([]),
    /** Answers that are not a person's name at a name question ("oh ok lanjut", "basa korea"): asked again. */
    not_a_name: z.array(z.string().min(1)).default([]),
    /** "ini data anak sy, namanya Dimas, sy ibunya": someone registering for another person (noted with the name). */
    for_someone_else: z.array(z.string().min(1)).default([]),
    /** Before someone else's name ("his name is Ahmad"): taken off at a name question. */
    name_intro_other: z.array(z.string().min(1)).default([]),
    /** "nanti nama sy ketahuan calonya ga?": a question inside a form about who gets to see what the user writes. */
    privacy_question: z.array(z.string().min(1)).default([]),
    /** Words of a sentence, never of a company name ("i am fine really, just the money" at "which company?"). */
    not_a_company: z.array(z.string().min(1)).default([]),
    /** Answers inside a sentence (src/engine/form-input.ts): a family's phone, "bulan depan 20", a summary's correction. */
    family_phone: z.array(z.string().min(1)).default([]),
    /** "hapus laporan kemaren, sy salah nulis nama": a report to correct, not all data to delete (delete.confirm_report). */
    report_fix: z.array(z.string().min(1)).default([]),
    age_soon: z.array(z.string().min(1)).default([]),
    summary_destination: z.array(z.string().min(1)).default([]),
    summary_interest: z.array(z.string().min(1)).default([]),
    /** A language course named at a summary ("ya, bahasa korea"): its country word is no new destination. */
    summary_language: z.array(z.string().min(1)).default([]),
    /** "tambah bahasa jepang jg kak" at a summary: the training named is added to the interests, not put in their place. */
    summary_add: z.array(z.string().min(1)).default([]),
    /** Words before an age in a first message ("umur 22", "usia 19"): the form's age question is prefilled. */
    age_cue: z.array(z.string().min(1)).default([]),
    /** Words after an age ("22 th", "20 years old"): the same. */
    age_unit: z.array(z.string().min(1)).default([]),
    /** Words before a schooling ("lulusan smk otomotif"): the two words after them are read against the education choices. */
    education_cue: z.array(z.string().min(1)).default([]),
    /** Education choice ids that need no cue ("sy smk, umur 20"): never an everyday word. */
    school_words: z.array(z.string().min(1)).default([]),
    /** "eh salah, nama sy …": words that may open a correction, the correction words, and the words that may follow them. */
    name_correction_lead: z.array(z.string().min(1)).default([]),
    name_correction: z.array(z.string().min(1)).default([]),
    name_correction_after: z.array(z.string().min(1)).default([]),
    name_correction_name: z.array(z.string().min(1)).default([]),
    /** "nanti sy ditelpon kapan?" after a sign-up was saved: the form's `<flow>.call_when` text (nobody promised to call). */
    call_when: z.array(z.string().min(1)).default([]),
    /** "wa aja", "nomornya yg ini aja" at a phone question: the chat's number (when the channel gives it), else type it. */
    this_number: z.array(z.string().min(1)).default([]),
    /** Laughter and smiles ("hehe", "wkwk"): with thanks or an ok ("hehe makasih kak"), small talk, not a question. */
    small_talk: z.array(z.string().min(1)).default([]),
    /** A message that only announces a question ("mau tanya kak"): an invitation to ask, not the menu again. */
    ask_intro: z.array(z.string().min(1)).default([]),
    /** "bot ya?", "are you a bot": with laughter, the answer that this is an automatic assistant. */
    asks_bot: z.array(z.string().min(1)).default([]),
    /** No phone of one's own at a phone question ("gk punya hp sendiri"): a family number is fine, said so. */
    no_own_phone: z.array(z.string().min(1)).default([]),
    /** At the warning-sign quiz: words that agree ("ok", "mau", "lanjut") but do not answer a question of fact; asked again. */
    quiz_not_answer: z.array(z.string().min(1)).default([]),
    /** Work named at a destination question ("kapal pesiar kak"): not a country, said so. */
    work_not_place: z.array(z.string().min(1)).default([]),
    /** A correction opening a message at a form's first question ("bukan, maksudnya …", "no I mean …"): the form is left, the rest read anew. */
    correction_start: z.array(z.string().min(1)).default([]),
    /** "kebumen, kan udh sy bilang td" at a form question: the clause saying it was told before is left out. */
    already_said: z.array(z.string().min(1)).default([]),
    /** "jawa timur, eh tp sy skrg lg tinggal di batam" at the province question: the place after these words is the answer. */
    place_now: z.array(z.string().min(1)).default([]),
    /** Subjects far from working abroad ("jadwal timnas"): with no FAQ answer and no word of work, out of scope. */
    off_topic: z.array(z.string().min(1)).default([]),
    /** After "mau tanya", words asking leave to ask ("dulu boleh?"), and words that name a subject ("soal"). */
    ask_leave: z.array(z.string().min(1)).default([]),
    ask_topic: z.array(z.string().min(1)).default([]),
    /** "skip aja, sy mau nanya yg lain: …" inside a form: the form is paused and the question after these words answered. */
    leave_to_ask: z.array(z.string().min(1)).default([]),
    /** Words before the user's own name in a message that starts a form ("nama sy Dewi"): the name question is answered. */
    name_cue: z.array(z.string().min(1)).default([]),
  }),
  /**
   * What a chat app or a forwarded message writes in place of a voice note or photo ("[audio]", "<Media omitted>"):
   * answered like the media itself (the assistant reads text only), never searched in the FAQ.
   */
  media_text: z.array(z.string().min(1)).default([]),
  /** "yaudah batal aja", "gak jadi deh": stop said inside a short sentence at a form question (not a story). */
  stop_in_sentence: z.array(z.string().min(1)).default([]),
  /**
   * Where a recruiter was met online, said at "who recruited you?" ("di fb namanya Bunda Rizky"): each entry is the
   * label saved after the name ("FB"), then the words that name the platform. The name is saved as "Bunda Rizky (FB)".
   */
  recruiter_platform: z.array(z.array(z.string().min(1)).min(2)).default([]),
  /**
   * "yg pertama kak", "the second one" at a list of choices: the choice at that place of the list shown.
   * One entry per place, first place first; each a list of phrases (read after the commands' softeners are removed).
   */
  ordinals: z.array(z.array(z.string().min(1))).default([]),
  /**
   * Words before a place number in a list ("yg ke4", "nomor 2", "pilih no 3", "option 2"): read with the number as
   * that place (src/engine/ordinal-pick.ts).
   */
  ordinal_lead: z.array(z.string().min(1)).default([]),
  /** "yang terakhir", "the last one": the last choice of the list shown (not "Menu utama"). */
  last_choice: z.array(z.string().min(1)).default([]),
  /** "gk dua2nya", "bukan semuanya", "none of them": none of the choices offered ("maksud Anda…?"). */
  none_of_choices: z.array(z.string().min(1)).default([]),
  /** "lanjutin lagi dong": a paused form is wanted back (src/engine/stop-guard.ts). */
  resume_in_sentence: z.array(z.string().min(1)).default([]),
  /** "english please", "halo kak, can you answer in english?": a language switch asked in a clause (src/engine/stop-guard.ts). */
  language_in_sentence: z.array(z.string().min(1)).default([]),
  /**
   * A complaint about the language the assistant answers in ("kok jadi bahasa inggris sih", "why is this in
   * indonesian"): the phrase names the unwanted language; the assistant switches to the other one and apologizes.
   */
  language_complaint: z.array(z.string().min(1)).default([]),
  /** Old place of emergency phrases; they now live in content/crisis.yaml. */
  emergency: z.array(z.string().min(2)).optional(),
})
export type Commands = z.infer<typeof commandsSchema>

export const faqTopicsSchema = z.strictObject({
  topics: z.array(z.strictObject({ id: idString('a topic id'), label: localizedSchema })),
})

const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value
  if (!calendarDate(text)) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a real date; write the day you checked the entry as YYYY-MM-DD, e.g. 2026-11-22` })
  }
  return text
})

export const faqFileSchema = z.strictObject({
  entries: z.array(
    z.strictObject({
      id: idString('an FAQ id'),
      topic: idString('a topic id'),
      q: z.strictObject({ id: z.array(z.string().min(1)).optional(), en: z.array(z.string().min(1)).optional() }),
      /** The entry's name on a button ("Biaya untuk ART"); default: its first question variant, which may be a user's own words. */
      title: localizedSchema.optional(),
      keywords: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
      a: localizedSchema,
      /**
       * The answer for someone who is abroad now (help mode abroad, or a place abroad said): an answer written for
       * Indonesia (police 110, a Polres) never reaches a person who cannot use it there.
       */
      abroad_answer: localizedSchema.optional(),
      /**
       * false: the one line on how to ask for emergency help ("ketik TOLONG") is never added after this answer, even
       * when the message came near a crisis (a death already reported: the line reads as tone-deaf there).
       */
      danger_hint: z.boolean().optional(),
      /** What users see: the instrument or publisher and date, per language or plain; at most one official link. */
      source: z.union([z.string().min(3, 'say where the facts of this answer come from'), localizedSchema]),
      /** Officer-only research notes (news links, facts sections); shown by the CLI, never to users. */
      evidence: z.string().optional(),
      confidence: z.enum(['verified', 'likely'], { error: 'confidence is verified or likely; unverified facts are never answered' }),
      reviewed: isoDate,
      review_every: z.string().regex(REVIEW_EVERY_PATTERN, 'write review_every as "6 months" or "1 year"').optional(),
      followups: z.array(z.string()).default([]),
      /** Entries easily confused with this one, and why they differ (a hint for writers and for the matcher). */
      near_miss: z
        .array(
          z.strictObject(
            { entry: idString('an FAQ id'), note: z.string().min(3, 'say why the two entries differ') },
            { error: 'expected { entry: other-faq-id, note: "why they differ" }' },
          ),
        )
        .default([]),
    }),
  ),
})

const optionSchema = z.strictObject({
  id: idString('an id'),
  label: localizedSchema,
  synonyms: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
})

export const trainingsSchema = z.strictObject({
  trainings: z.array(optionSchema.extend({ domestic_work: z.boolean().default(false), /** Phrases read at the interests question only ("ngurus orang tua"): like synonyms, but no calm example of the crisis classifier. */ phrases: z.array(z.string().min(1)).default([]) })),
  /** Work people ask for that has no training here ("ART"): said honestly, with the closest real trainings offered. */
  without_training: z
    .array(
      z.strictObject({
        id: idString('an id'),
        words: z.array(z.string().min(1)).min(1, 'list the words people type for this work'),
        closest: z.array(idString('a training id')).min(1, 'name at least one training id to offer instead'),
        text: z.string().min(3, 'a text key, e.g. training.no_domestic_training'),
      }),
    )
    .default([]),
})
export const countriesSchema = z.strictObject({
  countries: z.array(optionSchema.extend({ moratorium: z.boolean().default(false) })),
})

export const lexiconSchema = z.strictObject({
  slang: z.record(z.string(), z.string()),
})

/** `content/faq-outside.yaml`: questions the FAQ does not answer, for the matcher's "outside" class. */
export const faqOutsideSchema = z.strictObject({
  outside: z.strictObject({
    id: z.array(z.string().min(1)).default([]),
    en: z.array(z.string().min(1)).default([]),
  }),
})

/** `content/lexicon/english.yaml`: English words and phrases of the domain → Indonesian words (FAQ matching). */
export const englishLexiconSchema = z.strictObject({
  english: z.record(z.string().min(1), z.string()),
})

/** `content/lexicon/discourse.yaml`: greetings and fillers to ignore, words that start another sub-question. */
export const discourseSchema = z.strictObject({
  fillers: z.array(z.string().min(1)).default([]),
  clause_breaks: z.array(z.string().min(1)).default([]),
  question_words: z.array(z.string().min(1)).default([]),
  aspects: z.array(z.string().min(1)).default([]),
})

/** A texts file: nested maps of strings. */
export type TextTree = { [key: string]: string | TextTree }
export const textTreeSchema: z.ZodType<TextTree> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), textTreeSchema]), {
    error: 'a texts file is a map of keys to texts (or to nested maps of texts)',
  }),
)
