/**
 * The zod schema of `content/crisis.yaml`: crisis categories, their phrases and the marker lists that tell a
 * crisis from a question, a denial or a news story (see the file's header and `src/understanding/crisis.ts`).
 */
import { z } from 'zod'
import { localizedSchema } from './schemas.ts'

const ID = /^[a-z0-9][a-z0-9_-]*$/
const words = (what: string) =>
  z.array(z.union([z.string().min(1), z.number()]).transform(String), { error: `${what} is a list of words, e.g. [kata, word]` })

const phraseSchema = z.union(
  [
    z.string().min(1, 'an empty phrase matches nothing; remove the line'),
    z.strictObject({
      p: z.string().min(1, 'an empty phrase matches nothing; remove the line'),
      /** Only when the message says little else ("tolong saya!!"). */
      alone: z.boolean().optional(),
      /** The FAQ entry to show after the help, instead of the category's. */
      faq: z.string().regex(ID, 'an FAQ id uses lower-case letters, digits, "_" and "-"').optional(),
      /**
       * A marker list (`markers:`) of which a word must stand somewhere in the message for the phrase to count:
       * `needs: coercion` for unpaid wages, an emergency only with a threat or coercion ("kalo nanya dilaporin polisi").
       */
      needs: z.string().regex(ID, 'name a marker list, e.g. coercion').optional(),
    }),
  ],
  { error: 'a phrase is text ("majikan pukul/tampar") or { p: "tolong saya", alone: true } or { p: "gaji tidak dibayar", needs: coercion }' },
)

/** An ordered pair of word lists: a word of `first`, then a word of `then` in the same sentence (within 40 letters). */
const pairSchema = z.strictObject({ first: words('first'), then: words('then') })

/**
 * Help mode (`src/engine/crisis-follow-up.ts`): the words that tell what a message after a crisis answer adds. Every
 * word is compared as a whole word (or words) in the lower-cased message.
 */
export const followUpSchema = z.strictObject({
  /** After self-harm: a plan or a means ("udah siapin obat") → urgent steps. */
  means: words('means'),
  /** After self-harm: at night or nobody answers ("jam segini ga ada yg angkat") → which help works now. */
  night: words('night').default([]),
  /**
   * After self-harm: a time or a farewell letter ("malam ini", "tonight", "udh sy tulis surat buat ibu") → the same urgent
   * steps as a means, before anything else the message may say (a relative named in the letter is no family writing).
   */
  plan: words('plan').default([]),
  /** In any help mode: a means at hand ("the pills in my hand", "obat udah di tangan") → the urgent steps of self-harm. */
  means_now: words('means_now').default([]),
  /** "i am bleeding", "sesak napas": get medical help now (alone too, unless a word of `unless`; `weak` words not alone). */
  medical: z.strictObject({ words: words('words'), weak: words('weak').default([]), unless: words('unless').default([]) }).default({ words: [], weak: [], unless: [] }),
  /** "sy hrs lapor kemana", "where do I report": where to report from where they are. */
  report: words('report').default([]),
  /**
   * What the person wants, said after the crisis answer ("sy cuma mau gaji sy dibayar", "i just want my money"): a word
   * of `want`, then within 30 letters a word of one of `needs` (and none of its `unless`); that need's FAQ entry is
   * answered in help mode.
   */
  wants: z
    .strictObject({
      want: words('want'),
      needs: z.array(
        z.strictObject({
          faq: z.string().regex(ID, 'an FAQ id uses lower-case letters, digits, "_" and "-"'),
          words: words('words'),
          /** Not this need when the message has one of these ("mau lapor sponsornya": the recruiter report). */
          unless: words('unless').default([]),
        }),
      ),
    })
    .default({ want: [], needs: [] }),
  /** Hiding or the attacker armed, now ("aku ngumpet di kamar mandi", "he has a knife"): abroad, what to do where they are. */
  hiding: words('hiding').default([]),
  /** The danger is back or may come now ("dia dateng lg", "what if he forces me"): what to do this minute. */
  danger_now: words('danger_now').default([]),
  /** The one who holds them is away ("majikan pergi", "they went out"): what to do while nobody watches. */
  away: words('away').default([]),
  /** The battery is nearly empty ("hp mau lowbat"): what to send before it dies. */
  battery: words('battery').default([]),
  /** Afraid it is passed on ("please dont tell agency", "jangan bilang majikan"): what happens with the messages. */
  secret: words('secret').default([]),
  /** Writing from someone else's phone ("this is friend phone", "pinjem hp temen"): a short answer to keep. */
  borrowed: words('borrowed').default([]),
  /** "is that legal", "emang boleh gitu?": whether what is done to them is allowed (texts `crisis.legal.*`). */
  legal: words('legal').default([]),
  /** "kalo sy lapor nanti sy dipulangin?": afraid that reporting gets them sent home. */
  sent_home: words('sent_home').default([]),
  /** The writer helps a worker as a volunteer, case worker, lawyer or employer ("I'm a case worker", "my helper"). */
  helper: words('helper').default([]),
  /** "bukan temen, aku sendiri", "it's me": the writer is the person in danger after all. */
  self: z.strictObject({
    not: words('not'),
    me: words('me'),
    alone_who: words('alone_who'),
    alone: words('alone'),
    phrases: words('phrases'),
  }),
  /** "nomor kbri brp?", "kbri nomornya?": where the numbers are (a pair in either order). */
  numbers: z.array(pairSchema).min(1, 'give at least one { first: [...], then: [...] } pair'),
  /** "ga punya pulsa", "ga berani telpon": what works over wifi. */
  no_credit: z.strictObject({ words: words('words'), cannot: words('cannot'), dare: words('dare'), call: words('call') }),
  /** "tolong telpon sy", "bisa ditelpon balik?": the assistant cannot phone anyone. */
  callback: z.strictObject({ ask: words('ask'), call: words('call'), who: words('who'), phrases: words('phrases'), opening: words('opening') }),
  /** "makasih kak", "ok": a short warm reply (the whole message is one of `words`, then any of `after`). */
  ack: z.strictObject({ words: words('words'), after: words('after') }),
  /** "makasih ya kak udh dengerin", "suwun mas": a warm close (a short message, no word of `but`). */
  thanks: z.strictObject({ words: words('words'), but: words('but') }).default({ words: [], but: [] }),
  /** "udah aman skrg", "I'm safe now at the shelter": the emergency tone ends, what comes next is offered. */
  safe: words('safe').default([]),
  /** "majikan dtg, nanti lg", "boss coming, later": one short line, no buttons. */
  hide: z.strictObject({ who: words('who'), coming: words('coming'), phrases: words('phrases') }).default({ who: [], coming: [], phrases: [] }),
  /** "sy kakaknya", "dia yg di arab": the writer is a relative of the person in danger. */
  /** `told`: the writer asks that a relative be told ("can you tell my mother?"): no family writing, however named. */
  family: z
    .strictObject({ me: words('me'), role: words('role'), relatives: words('relatives').default([]), phrases: words('phrases'), told: words('told').default([]) })
    .default({ me: [], role: [], relatives: [], phrases: [], told: [] }),
  /** "sy di indramayu", "I'm in Indonesia": the writer is at home. */
  home: z.strictObject({ me: words('me'), places: words('places') }).default({ me: [], places: [] }),
  /** "masih di rumah blm berangkat": the person has not left Indonesia yet. */
  not_departed: words('not_departed').default([]),
  /** "dia", "she": still about the relative, after a family opener. */
  she: words('she').default([]),
  /** Where the person is abroad (with the countries of countries.yaml): a destination, "luar negeri", a mission. */
  abroad: words('abroad'),
  /**
   * After "menu" or "stop" ended help mode, a message with one of these brings the same situation back (the person
   * is still in danger): "sy msh takut", "im still scared", "maaf tadi kepencet" (src/engine/help-mode-exit.ts).
   */
  back_to_help: words('back_to_help').default([]),
  /** "mau tanya lain", "btw", "another question": a new subject, answered as usual (src/engine/help-mode-exit.ts). */
  new_topic: words('new_topic').default([]),
  /** "namanya", "kapal", "terakhir kontak": details about the person, even in a question ("namanya Siti, gmn?"). */
  details: words('details').default([]),
  /** "sy harus gmn", "what should I do": a question about the situation itself, answered in help mode. */
  situation: words('situation').default([]),
})
export type FollowUpContent = z.output<typeof followUpSchema>

export const crisisSchema = z.strictObject({
  max_gap: z.number().int().min(0).max(5).default(2),
  markers: z.strictObject({
    negation: words('negation'),
    negation_fillers: words('negation_fillers'),
    conditional: words('conditional'),
    /**
     * "takut", "afraid": a phrase after one is a fear, not a hypothetical question. The phrase alone raises no alarm
     * ("takut nanti dipukul majikan"), but, unlike after a conditional, the classifier may ("tolong sy takut bgt
     * mereka mau nyakitin sy").
     */
    fear: words('fear').default([]),
    general: words('general'),
    question_start: words('question_start'),
    addressee: words('addressee'),
    /**
     * A `question_start` word that opens a clause after a comma asks only with one of these right after it ("my
     * employer, can he keep my passport"); otherwise it is the verb of the subject before the comma (an apposition:
     * "My sister, who works in Riyadh, is being sexually harassed."), a statement.
     */
    question_subject: words('question_subject').default([]),
    news: words('news'),
    /** A `news` word that starts one of these is not news: "video call" is a call, not a video someone watched. */
    news_not: words('news_not').default([]),
    joking: words('joking'),
    /**
     * Laughter followed by one of these is not a joke ("sy kaya tahanan disini wkwk tp serius, gabisa keluar", "lol but
     * seriously, he hits me"): the message is read as usual.
     */
    not_joking: words('not_joking').default([]),
    safe_now: words('safe_now').default([]),
    /**
     * A threat that goes on, said after a `safe_now` phrase and a word of contrast ("tapi", "but") or with a word of
     * `still` ("sy udh aman di rumah tp agen ngancam terus", "im back home but agent threatens me"): the message is not
     * silenced as over; it is read as usual.
     */
    threat_ongoing: words('threat_ongoing').default([]),
    first_person: words('first_person'),
    third_person: words('third_person'),
    third_person_owned: words('third_person_owned'),
    owner: words('owner'),
    /**
     * Writing from someone else's phone: "pinjem hp temen", "pakai hp teman", "borrowed my friend's phone". The friend
     * right after it owns the phone; the writer is the one the message is about.
     */
    borrowed_phone: words('borrowed_phone').default([]),
    /**
     * The writer takes leave ("titip anak2ku ya", "pamit", "goodbye", "ini pesan terakhir", "tell my mother sorry"): a
     * message of danger with one of these is the writer's own, though it names a child or a mother (those are left
     * behind), unless someone else says it ("adik saya pamit") or it is quoted ("adekku bilang 'aku pamit'").
     */
    farewell: words('farewell').default([]),
    /** Words of reporting: "adekku bilang 'aku pamit…'" quotes someone else. */
    reported_speech: words('reported_speech').default([]),
    /**
     * A threat: one of `threat_says` ("bilang", "said", "ngancam"), then a conditional, then one of `threat_will`
     * ("bakal", "will"): "sponsor bilang kalo sy ga mau kerja dia bakal patahin kaki sy" tells what they will do, not a
     * hypothetical question; the conditional (and a denial inside it: "if I don't sleep with him") sets nothing aside.
     */
    threat_says: words('threat_says').default([]),
    threat_will: words('threat_will').default([]),
    /** A word of habit between a conditional and a phrase ("kalo mabuk suka nendang sy"): what happens every time. */
    habitual: words('habitual').default([]),
    /**
     * A threat or coercion anywhere in the message ("diancam", "dilaporin polisi", "kalo kabur", "deport"): what a
     * phrase with `needs: coercion` requires (unpaid wages alone are a complaint with an FAQ answer, not an emergency).
     */
    coercion: words('coercion').default([]),
    /**
     * Over and done: a phrase after one of `past` in its sentence ("dulu", "in 2015", "years ago"; a year counts too),
     * with one of `now` in a later sentence ("sekarang sy udh kerja di singapura dan bebas") that has none of `still`
     * ("masih", "lagi", "until now") and no negation, tells what happened once: the phrase alone raises no alarm (the
     * classifier still may, from the whole message).
     */
    past: words('past').default([]),
    now: words('now').default([]),
    still: words('still').default([]),
    /**
     * "used to": a habit that is over by the words alone ("my ex used to hit me"). A phrase after one in its sentence
     * is over unless something of `still` follows it; no `now` sentence is needed.
     */
    used_to: words('used_to').default([]),
    /**
     * For the categories whose phrases count even when asked (self-harm), `past` and `now` are not enough: the `now`
     * sentence must also say it is fine now ("she laughs about it now", "skrg udah baik").
     */
    fine_now: words('fine_now').default([]),
    /**
     * Teaching material, a class or a talk about the topic ("a guide for newcomers", "materi sosialisasi"): a phrase
     * in a sentence without the writer, in a message whose writer speaks only of the teaching, is calm.
     */
    teaching: words('teaching').default([]),
    /**
     * A question that asks for help with what was told ("bisa lapor kemana?", "what should I do?", "can you help?"): a
     * phrase told in another sentence is read without it before the classifier may overrule the phrase.
     */
    help_asked: words('help_asked').default([]),
    /** Words that are their own word, never a form or typo of a phrase word: "meninggal" (died) is not "ditinggal". */
    own_words: words('own_words').default([]),
    /**
     * Long ago ("5 years ago", "tahun lalu"; a year counts too) before or after a phrase in its sentence, in a message
     * that asks for a remedy (`remedy`: "sue", "tuntut", "compensation") and says nothing of `still`: a claim about an
     * old harm, not a danger now ("my husband was beaten 5 years ago, is it too late to sue?").
     */
    long_ago: words('long_ago').default([]),
    remedy: words('remedy').default([]),
    /**
     * "is it normal…", "wajar ga…": in a category with `asked_normal_is_crisis` the sentence asks whether what
     * happened is normal ("is it normal the doctor touch private part?"), it is not a general question.
     */
    normalcy: words('normalcy').default([]),
    abroad: words('abroad'),
    indonesia: words('indonesia'),
    /** Next to an `indonesia` word it is the nationality, not the place: "orang indonesia", "indonesia people". */
    nationality: words('nationality').default([]),
  }),
  categories: z
    .array(
      z.strictObject({
        id: z.string().regex(ID, 'a category id uses lower-case letters, digits, "_" and "-", e.g. self_harm'),
        label: localizedSchema,
        faq: z.string().regex(ID, 'an FAQ id uses lower-case letters, digits, "_" and "-"').optional(),
        /** Asking about it is a crisis too ("how many pills…", "cara bunuh diri"): general-question words do not count. */
        asked_is_crisis: z.boolean().default(false),
        /**
         * Asking whether it is normal ("is it normal the doctor touch private part?", "wajar ga majikan nampar?") tells
         * that it happened: a `normalcy` word in the phrase's sentence keeps a question opening from setting it aside.
         */
        asked_normal_is_crisis: z.boolean().default(false),
        /**
         * Someone was hurt or wants to hurt themselves (self-harm, violence, sexual violence): the help is not followed
         * by a "continue the form" button (a paused form stays, and the menu leads back to it).
         */
        hurt: z.boolean().default(false),
        /**
         * A question, then an answer of the writer's own: one of these in a later sentence, after the asked sentence
         * ends with "?", says the asked thing is happening ("kalo paspor dipegang PT bisa ganti majikan gk? mereka gk
         * mau ngasih kecuali…"): the question or conditional does not set the phrase aside.
         */
        real_after_question: words('real_after_question').default([]),
        /** Calm phrases that cancel a match they overlap ("keluar negeri" for "tidak bisa keluar"). */
        except: z.array(z.string().min(1)).default([]),
        /** Words that make the whole message calm for this category, wherever they stand ("puasa" for "ga makan"). */
        unless_anywhere: words('unless_anywhere').default([]),
        /**
         * Word lists that together make the whole message calm for this category, when no `abroad` word stands in it:
         * a word of every list of `all` and none of `none` ("mau laporin sponsor, dia nahan ijazah sama ktp sy":
         * a report of a recruiter at home, not an emergency).
         */
        calm_together: z
          .array(
            z.strictObject({
              all: z.array(words('calm_together.all')).min(1),
              none: words('calm_together.none').default([]),
              /** The rule holds abroad too (a child's game, a sermon topic); by default only when no `abroad` word stands. */
              abroad_too: z.boolean().default(false),
            }),
          )
          .default([]),
        phrases: z.array(phraseSchema).min(1, 'a category needs at least one phrase'),
      }),
    )
    .min(1, 'at least one crisis category is needed'),
  /**
   * Word classes the classifier reads besides the words (src/understanding/crisis-model.ts): "nendang", "tonjok",
   * "kick" are all `harm`, and `me` (the writer) near `harm` says more than either word alone. A name, then a list of
   * words or two-word entries, compared after the slang table and by stem.
   */
  cues: z.record(z.string().regex(ID, 'a cue name uses lower-case letters, digits, "_" and "-"'), words('cues')).default({}),
  follow_up: followUpSchema,
  /**
   * Requests the assistant handles itself (`intents`: talking to an officer, a report, an agency check): when no
   * phrase counts and only the classifier would raise the alarm, such a request is answered by its job, not the
   * emergency block, unless the message also says one of the `danger` words.
   */
  requests: z
    .strictObject({ intents: z.array(z.string().regex(ID, 'an intent id of content/intents.yaml')), danger: words('danger') })
    .default({ intents: [], danger: [] }),
})
export type CrisisContent = z.output<typeof crisisSchema>

const messages = z.array(z.string().trim().min(1, 'an empty message teaches nothing; remove the line')).default([])

/**
 * `content/crisis-examples.yaml`: labelled messages the crisis classifier learns from, by category id of
 * crisis.yaml (or `none` for calm look-alikes), each in Indonesian (with Javanese/Sundanese) and English.
 */
const byCategory = z.record(
  z.string().regex(/^(none|[a-z0-9][a-z0-9_-]*)$/, 'a key is a category id of crisis.yaml or none'),
  z.strictObject({ id: messages, en: messages }, { error: 'each category has id: and en: lists of messages' }),
)

export const crisisExamplesSchema = z.strictObject({
  examples: byCategory,
  /**
   * More labelled messages in the same shape, kept as blocks of their own at the end of the file (one per batch,
   * e.g. `indirect:`), so that batches written at the same time merge without touching each other's lines.
   */
  more: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a block name uses lower-case letters, digits, "_" and "-"'), byCategory).default({}),
})
export type CrisisExamplesContent = z.output<typeof crisisExamplesSchema>
