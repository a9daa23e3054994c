/**
 * The format of `content/intents.yaml`: how free text starts a job (check an agency, sign up for training, report a
 * recruiter, …), written by officers as cue words and examples. zod checks the shape here; `intents-checks.ts`
 * checks the meaning (known flows and cue names, examples that route to their own intent).
 */
import { z } from 'zod'

const ID = /^[a-z0-9][a-z0-9_-]*$/
const words = z.array(z.union([z.string().min(1), z.number()]).transform(String))

/** Cue names the router fills itself, from what it finds in the message rather than from a word list. */
export const BUILTIN_CUES = ['company', 'named', 'license', 'interest', 'destination', 'question_mark', 'asks', 'warning_sign', 'warning_signs'] as const
/** Values a `prefill:` may take: what the router found in the message. */
export const ENTITY_NAMES = ['company', 'license', 'agency_query', 'interests', 'destination'] as const
/** Engine commands an intent may run instead of starting a flow. */
export const INTENT_COMMANDS = ['delete', 'menu', 'help', 'greeting'] as const

const ruleSchema = z.strictObject(
  {
    /** Every one of these cues must be in the message. */
    all: z.array(z.string().min(1)).min(1),
    /** None of these cues may be in the message. */
    none: z.array(z.string().min(1)).optional(),
    /** And no word but those of `all` and these cues ("mau lapor", not "mau lapor gaji"). */
    only: z.array(z.string().min(1)).optional(),
  },
  { error: 'a rule is { all: [cue, …], none: [cue, …], only: [cue, …] }' },
)

const intentSchema = z
  .strictObject({
    id: z.string().regex(ID, 'an intent id may use lower-case letters, digits, "_" and "-" only'),
    /** The flow to start (or flow.step). */
    start: z.string().min(1).optional(),
    /** Or a command the engine runs. */
    command: z.enum(INTENT_COMMANDS, { error: `command must be one of: ${INTENT_COMMANDS.join(', ')}` }).optional(),
    /**
     * Or an FAQ entry that answers the message whatever the FAQ matcher reads ("agen bilang bisa palsuin umur":
     * palsukan-data), for warnings that must not become a "maksud Anda…?" choice or a check of the agent. With
     * `start:`, the job is offered as a button after the answer.
     */
    answer: z.string().min(1).optional(),
    /** Answer name in the started flow → what the router found (`company`, `license`, `agency_query`, `interests`, `destination`). */
    prefill: z.record(z.string().regex(ID), z.enum(ENTITY_NAMES, { error: `a prefill value is one of: ${ENTITY_NAMES.join(', ')}` })).optional(),
    /**
     * FAQ entries about this job itself ("how do I sign up for training here"): a question in the same message that
     * one of them answers is not answered again when the job starts.
     */
    faq_self: z.array(z.string().min(1)).optional(),
    /** Answer from the FAQ first when it has a confident answer; start the job otherwise. */
    faq_first: z.boolean().optional(),
    /**
     * A question about the job rather than a wish to do it ("ada pelatihan gratis ga?"): when the intent holds and one
     * of these rules does too, the FAQ answers first (or offers its likely entries) and the job is offered as a button
     * after the answer. When the FAQ knows nothing, the job starts as usual.
     */
    answer_first: z.array(ruleSchema).optional(),
    /** Inside a form, offer this job (a button) instead of treating the message as a question. */
    offer_in_forms: z.boolean().optional(),
    /** Inside another form, checked before the answer is read, at any step: never taken as an answer. */
    interrupts_forms: z.boolean().optional(),
    /** The message is this intent when one rule holds. */
    when: z.array(ruleSchema).optional(),
    /** Or when every word of the message is one of these cues (greetings). */
    only: z.array(z.string().min(1)).optional(),
    examples: z.strictObject({ id: words.optional(), en: words.optional() }).optional(),
  })
  .refine((i) => (i.start === undefined && i.answer === undefined) !== (i.command === undefined), {
    message: 'an intent has either start: (a flow) and/or answer: (an FAQ id), or command: (delete, menu, help, greeting)',
  })
  .refine((i) => (i.when?.length ?? 0) > 0 || (i.only?.length ?? 0) > 0, { message: 'an intent needs when: rules or only: cues' })

export const intentsFileSchema = z.strictObject({
  /** Named lists of cue words and phrases, matched after normalization (slang table), any language. */
  cues: z.record(z.string().regex(ID, 'a cue name may use lower-case letters, digits, "_" and "-" only'), words),
  /** Checked in this order; the first intent whose rule holds wins. */
  intents: z.array(intentSchema).min(1),
  company: z.strictObject({
    /** Legal forms written before a name ("PT", "P.T.", "CV"). */
    forms: words,
    /** Words after which a name follows ("namanya", "PT-nya", "agen", "perusahaan", "company"). */
    markers: words,
    /** A person's own name, not a company's, follows these ("my name is Budi"): the marker inside them does not count. */
    person_markers: words.default([]),
    /** Words that end a company name and say its kind ("golden star manpower"): lower-case words before one are a name. */
    name_ends: words.default([]),
    /** Roles of a person ("calo", "sponsor"): a one-word name after them and a marker is a person's ("calo namanya Heru"). */
    person_roles: words.default([]),
    /** Titles before a person's name ("Pak", "Bu", "Mr"): capitalized words after one are a person, not a company. */
    person_titles: words.default([]),
    /** Units after a number ("juta", "million", "orang"): the number is an amount, and ends a name ("PT Bahtera Jaya 12 juta"). */
    amount_words: words.default([]),
    /** Words that start a question about a name ("apakah", "is", "cek"): "is Maju Jaya legit?". */
    subject_starts: words,
    /** Cue name whose words must follow such a subject ("legit"). */
    subject_needs: z.string().min(1),
    /**
     * Plainer verdict words after such a subject ("is delta karya mandiri ok?"): the words between are a name only when
     * they are two or more, none of them a place, a training, a stop or a term of the FAQ ("is taiwan safe" names none).
     */
    subject_plain: words.default([]),
    /** Words between a subject's name and its legitimacy word that belong to neither ("is X still licensed"). */
    subject_between: words.default([]),
    /**
     * Words before the company someone goes or went with ("going to Hong Kong via mandala jaya persada", "berangkat
     * lewat …"): the words after one are a name in a message that asks about legitimacy or a check, when they are two
     * or more and each is plain (as for `subject_plain`).
     */
    via: words.default([]),
    /** Words that are never part of a name: the name stops before them. */
    stops: words,
    /** Stop words that belong to a name when capitalized inside a capitalized name ("PT Sinar Mas Jaya"). */
    capitalized_ok: words.default([]),
    /** Stop words that belong to a name after "PT" or a marker when a name word follows ("pt tenaga kerja mandiri"). */
    inside_ok: words.default([]),
    /**
     * Words before the name of a training institute or foundation ("lpk", "lembaga", "yayasan"): the words after one
     * are its name when they are two or more and no course or place ("lpk sakura mirai jaya itu resmi?").
     */
    institutions: words.default([]),
    /** Single words that never start a name written without a marker ("Hong Kong"; greetings come from cues). */
    not_names: words.default([]),
    /**
     * Words that ask about another company right after an agency result, before its name ("kalau Bumi Prima Jasa
     * gimana?", "what about Cahaya Timur Abadi?"): read only at that result (`EntityReader.otherCompany`).
     */
    other_before: words.default([]),
    /** At most this many words in a name. */
    max_words: z.number().int().min(1).max(12).default(6),
  }),
  license: z.strictObject({
    /** A regular expression (case-sensitive) for licence numbers as people write them. */
    pattern: z.string().min(3),
    /** Words after which a licence number follows ("nomor izin", "SIP3MI", "licence no"). */
    markers: words,
  }),
  /** Words before a country that make it a destination, not a language course ("ke", "di", "to"). */
  destination_before: words,
  /** More words for a country, by country id: programmes that name one ("eps" → South Korea, "tokutei ginou" → Japan). */
  destination_aliases: z.record(z.string(), words).default({}),
  /** More words for a training, by training id, read in free text only ("pflege" → caregiving). */
  training_aliases: z.record(z.string(), words).default({}),
  /** Words before a country that make it a language course ("belajar jepang"). */
  course_before: words,
  /** Words after a training that make it a course ("cooking training", "japanese language course"). */
  course_after: words.default([]),
  /** Words between alternatives ("atau", "or"): a country that is one of several places named is not decided. */
  or_words: words.default([]),
  /**
   * The words of `or_words` that offer a choice ("atau", "or"), not a list ("dan", "and"): of countries offered as a
   * choice ("taiwan atau jepang", "Saudi or Kuwait"), the first one named is taken (the form's summary lets it be
   * changed); a first place outside the catalog ("australia or canada") leaves the destination open.
   */
  either_words: words.default([]),
  /**
   * A language named without which one ("belajar bahasanya dulu", "sekalian bahasanya"): the language course of each
   * country named (`language_countries`).
   */
  language_words: words.default([]),
  /**
   * Words of a wish shortly before a country ("maunya ke jepang", "want to go to Korea"): when several countries are
   * named ("ibu dulu di taiwan, sy mau ke jepang"), the one wished for is the destination.
   */
  wish_words: words.default([]),
  /** Words about places ("negara", "where"): "belum tahu" near one means the destination is not decided. */
  destination_words: words.default([]),
  /**
   * A language course's country ("japanese: japan"), taken as the destination when no country is named and the
   * message points at "there" (`there_words`: "kursus bahasa jepang … pengen jd caregiver disana").
   */
  language_countries: z.record(z.string(), z.string()).default({}),
  there_words: words.default([]),
  /** "Not sure" phrases of countries.yaml that are about places themselves ("anywhere", "di mana saja"). */
  not_sure_alone: words.default([]),
  /** Words before a job ("kerja di", "as"): a training word shortly after one is the job when another training is named as a course. */
  work_words: words.default([]),
  /** Words that start a purpose after a training is named ("buat", "for"): trainings after them are the work. */
  purpose_words: words.default([]),
  /** Words that mark a question typed inside a form (besides "?"). */
  question_words: words,
  /** Words that make a question when they end a message of two words or more ("bayar ga", "bisa kah"). */
  question_endings: words,
  /** Words that do not count as "more than the label" when a choice is typed inside a sentence. */
  answer_fillers: words,
  /**
   * A job said not to be wanted ("no need training, I just want to ask …", "gk perlu pelatihan, mau nanya …"): after
   * one of `phrases`, the next `max_words` words that are words of the cues `cues` (the job and the wish for it) are
   * left out when the message is routed; the rest of the message is read as usual.
   */
  denials: z
    .strictObject({
      phrases: words,
      cues: z.array(z.string().min(1)).min(1),
      max_words: z.number().int().min(1).max(6).default(3),
      /** Messages that must not start the jobs of `cues` (`validate` warns when one does). */
      examples: z.strictObject({ id: words.optional(), en: words.optional() }).optional(),
    })
    .optional(),
  /**
   * At a menu or a choice question, a message holding an option's words and this many other words or more says more
   * than the choice ("saya sudah ikut pelatihan tapi belum dapat kerja" at the main menu): read as free text.
   */
  choice_extra_words: z.number().int().min(1).max(20).optional(),
})
export type IntentsFile = z.output<typeof intentsFileSchema>
export type IntentDef = IntentsFile['intents'][number]
