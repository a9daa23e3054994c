/**
 * Help mode, what the person says about themselves after the emergency help: a worry or a question that would
 * otherwise get the stock "Terima kasih, sudah saya baca…" (texts `crisis.follow.*`, words in content/abroad.yaml
 * `cues`):
 *
 *   ashamed          "aku malu mau cerita", "nanti aku sing disalahke" → not their fault; no need to tell the
 *                    employer; they can start by chat (WhatsApp KP2MI, the mission);
 *   unknown_details  "ga tau nama PTnya", "teu gaduh nomer paspor" → report anyway with what is known;
 *   phone_checked    "they check phones every night" → how to write safely (delete the chat, numbers on paper);
 *   run_away         "sy boleh kabur?" → how to leave safely, if they decide to;
 *   known_address    "mereka tau alamat rumah sy", "they will come to my house" → safety first where they are, and
 *                    the family at home can report a threat too;
 *   contact_when     "apa nanti ada yang hubungi saya? kapan?" → nobody calls from this chat; what the officer
 *                    process is (a reply in this chat, no set time) and whom to contact meanwhile;
 *   helpers          "ada LSM / shelter / serikat buruh yang bisa bantu?" → only the groups the facts name, said
 *                    honestly without contacts, and KBRI/KJRI and KP2MI;
 *   wages            abroad, "they also don't pay me", "majikan ga bayar gaji sy" → the wages answer with the contacts
 *                    there (abroad.wages), not the next step of the first danger again;
 *   mental_lines     after self-harm, "who do I call?", "is it free?", "can I just chat?" → the mental-health lines;
 *   call_cost        "gratis kah nelpon nya?" → which numbers are free from where, and the ways without credit;
 *   report_data      "perlu data apa?" → what to tell when reporting;
 *   trace            "apa bisa dilacak?" → this chat traces no one; who can search, with what;
 *   pick_up          "ada yg bisa jemput?" → this chat sends no one; who can come or help;
 *   what_kbri        "kbri itu apa ya" → one plain line (for a relative at home: no need to go there, call KP2MI);
 *   silent           "i cannot call they will hear me" → write instead (WhatsApp, the panic button), phone on silent;
 *   ransom           a relative asked for a ransom, "bayar gak ya?" → do not pay yet, report, keep the messages;
 *   which_mission    "kbri mana, myanmar atau thailand?" → the mission of where they are now;
 *   arrest           "polisi nanti nangkep sy gak?", "no permit" → honest, the mission helps without papers too;
 *   window_escape    "kabur lewat jendela", "lantai 3" → not from up high, stay in a locked room;
 *   unknown_address  "aku gak tau alamat rumahnya" → no address needed: location sharing, names, landmarks;
 *   airport_language officers who speak another language → "Indonesia", "embassy", an interpreter;
 *   sleep_tonight    "where can i sleep tonight" → this chat finds no room; the mission; stay where it is busy;
 *   stop_thinking, debt_help  after self-harm: small steps for now; the debt behind it, then the online line;
 *   after_report     "what happens after I report? how long?" → the KP2MI process, no promised time.
 *
 * And the rule that no help-mode answer is the previous one word for word (`repeatFree`). Pure.
 */
import type { Bundle } from '../content/bundle.ts'
import { hasCue } from './abroad.ts'
import { asksCallBack, followUpWords, type CrisisContext } from './crisis-follow-up.ts'

/** The texts that answer what the message says about the person's own worry, in order; empty when none. */
export function worryKeys(bundle: Bundle, text: string, context: CrisisContext, officers = false): string[] {
  const other = context.about === 'other'
  const keys: string[] = []
  const selfHarm = context.category === 'self_harm'
  // Worries of the fourteenth session (blind tester C): what the message says, never a neighbouring block.
  if (!selfHarm && hasCue(bundle, text, 'what_kbri')) keys.push(other || context.writer === 'home' ? 'crisis.follow.what_kbri_family' : 'crisis.follow.what_kbri')
  if (other && hasCue(bundle, text, 'ransom')) keys.push('crisis.follow.ransom')
  if (!other && !selfHarm && context.place !== 'indonesia' && hasCue(bundle, text, 'which_mission')) keys.push('crisis.follow.which_mission')
  if (!other && !selfHarm && context.place !== 'indonesia' && hasCue(bundle, text, 'arrest')) {
    keys.push('crisis.follow.arrest')
    if (context.category === 'trafficking') keys.push('crisis.follow.arrest_trafficking')
  }
  if (!selfHarm && hasCue(bundle, text, 'silent')) keys.push(other ? 'crisis.follow.silent_other' : 'crisis.follow.silent')
  if (!other && !selfHarm && !hasCue(bundle, text, 'injured') && hasCue(bundle, text, 'window_escape')) keys.push('crisis.follow.window_escape')
  if (!other && !selfHarm && hasCue(bundle, text, 'unknown_address')) keys.push('crisis.follow.unknown_address')
  if (!other && !selfHarm && context.place !== 'indonesia' && hasCue(bundle, text, 'airport_language')) keys.push('crisis.follow.airport_language')
  if (!other && !selfHarm && context.place !== 'indonesia' && hasCue(bundle, text, 'sleep_tonight')) keys.push('crisis.follow.sleep_tonight')
  if (selfHarm && !other && hasCue(bundle, text, 'stop_thinking')) keys.push('crisis.follow.stop_thinking')
  if (selfHarm && !other && hasCue(bundle, text, 'debt_help')) keys.push('crisis.follow.debt_help')
  if (hasCue(bundle, text, 'after_report')) keys.push('crisis.follow.after_report')
  if (!other && hasCue(bundle, text, 'ashamed')) keys.push('crisis.follow.reassure')
  if (hasCue(bundle, text, 'unknown_details')) keys.push(other ? 'crisis.follow.unknown_details_other' : 'crisis.follow.unknown_details')
  if (!other && hasCue(bundle, text, 'phone_checked')) keys.push('crisis.follow.phone_checked')
  if (!other && context.category !== 'self_harm' && hasCue(bundle, text, 'run_away')) keys.push(leaveKey(context.place))
  if (context.category !== 'self_harm' && !hasCue(bundle, text, 'unknown_address') && hasCue(bundle, text, 'known_address')) keys.push(context.place === 'indonesia' ? 'crisis.follow.known_address_indonesia' : 'crisis.follow.known_address')
  // "can someone call me back?" has its own answer (crisis.follow.callback*).
  if (hasCue(bundle, text, 'contact_when') && !asksCallBack(followUpWords(bundle), text)) keys.push(officers ? 'crisis.follow.contact_when' : 'crisis.follow.contact_when_no_officer')
  if (context.category !== 'self_harm' && hasCue(bundle, text, 'helpers')) keys.push('crisis.follow.helpers')
  // Wages unpaid, told in help mode abroad: the wages answer with the contacts there (abroad.wages).
  // Said just before: the FAQ's wages answer comes instead (the usual help-mode reading).
  if (!other && context.category !== 'self_harm' && context.place !== 'indonesia' && !context.said?.includes('abroad.wages') && hasCue(bundle, text, 'wages')) keys.push('abroad.wages')
  if (context.category === 'self_harm' && context.about === 'self' && hasCue(bundle, text, 'mental_lines')) keys.push('crisis.follow.self_harm_lines_asked')
  // A relative at home ("nomor 0800 itu bayar gak?" from a father whose daughter is abroad): yes, free from here.
  else if (hasCue(bundle, text, 'call_cost')) keys.push(other && context.writer === 'home' ? 'crisis.follow.call_cost_family' : other ? 'crisis.follow.call_cost_other' : context.place === 'indonesia' ? 'crisis.follow.call_cost_indonesia' : 'crisis.follow.call_cost')
  if (!keys.some((k) => k.startsWith('crisis.follow.unknown_details')) && hasCue(bundle, text, 'report_data')) keys.push('crisis.follow.report_data')
  if (hasCue(bundle, text, 'trace')) keys.push('crisis.follow.trace')
  if (context.category !== 'self_harm' && hasCue(bundle, text, 'pick_up')) keys.push(context.place === 'indonesia' ? 'crisis.follow.pick_up_indonesia' : 'crisis.follow.pick_up')
  return keys
}

/** How to leave safely, for where the person is. */
export function leaveKey(place: CrisisContext['place']): string {
  return place === 'indonesia' ? 'crisis.follow.leave_indonesia' : 'crisis.follow.leave'
}

/**
 * The key to send instead of `keys` when they add nothing to the previous answer (`said`: all of them were in it): one short
 * line that says the steps above still hold (a shorter one if that line was the previous answer; after self-harm, the
 * other of the two listening lines, both with the online help). Undefined when the answer is new.
 */
export function repeatFree(keys: readonly string[], said: readonly string[] | undefined, selfHarm: boolean): string | undefined {
  if (!said || keys.length === 0 || keys.some((k) => !said.includes(k))) return undefined
  // After self-harm the online help stays in the line.
  if (selfHarm) return said.length === 1 && said[0] === 'crisis.follow.listening_again' ? 'crisis.follow.listening' : 'crisis.follow.listening_again'
  return said.length === 1 && said[0] === 'crisis.follow.still_here' ? 'crisis.follow.still_here_short' : 'crisis.follow.still_here'
}
