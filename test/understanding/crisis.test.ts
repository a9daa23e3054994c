import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBundle } from '../../src/content/load.ts'
import { ACTION_SPECS } from '../../src/engine/actions.ts'
import { loadCrisisDetector } from '../../src/understanding/crisis-eval.ts'
import type { CrisisStats } from '../../src/understanding/crisis.ts'

const detector = loadCrisisDetector()
const category = (text: string): string => detector.detect(text)?.category ?? 'none'

describe('crisis detection', () => {
  it('finds each category in informal Indonesian, Javanese/Sundanese forms and English', () => {
    expect(category('pengen bunuh diri')).toBe('self_harm')
    expect(category('i want to die')).toBe('self_harm')
    expect(category('saya diperkosa anak majikan')).toBe('sexual_violence')
    expect(category('sy dipukul majikan')).toBe('violence')
    expect(category('digebuki bojone majikan')).toBe('violence')
    expect(category('dipeupeuh ku dunungan')).toBe('violence')
    expect(category('my boss hits me')).toBe('violence')
    expect(category('sy di sekap')).toBe('confinement')
    expect(category('ora entuk metu omah')).toBe('confinement')
    expect(category('ga dikasih makan sama majikan')).toBe('deprivation')
    expect(category('majikan ambil paspor sy')).toBe('documents_taken')
    expect(category('saya dijual agen ke majikan lain')).toBe('trafficking')
  })

  it("answers the blind tester's findings (Sundanese passive, a friend in Javanese/Sundanese, a calm salary question)", () => {
    expect(category('abdi dipukulan ku dunungan, tulung')).toBe('violence')
    expect(category('bisa jamin saya dapet kerja ga? brp gajinya?')).toBe('none')
    // Unpaid wages with no threat are no emergency (product rule, issue 18; crisis-examples wages_rule): the
    // classifier used to overrule it (p 0.95+); since crisis17's calm examples (a relative's unpaid wages) it no longer does.
    expect(category('belum digaji 3 bulan')).toBe('none')
    expect(detector.detect('kancaku digebuki bose nang malaysia, kudu piye')).toMatchObject({ category: 'violence', about: 'other', place: 'abroad' })
    expect(detector.detect('babaturan abdi di arab teu dipasihan tuang sareng dikonci')).toMatchObject({ about: 'other', place: 'abroad' })
    expect(detector.detect('bojoku dikunci majikan ra oleh metu')).toMatchObject({ about: 'other' })
    expect(detector.detect('adi abdi dipukulan ku dunungan')).toMatchObject({ about: 'other' })
    expect(detector.detect('abdi dikonci ku dunungan')).toMatchObject({ about: 'self' })
  })

  it('reads apostrophes inside English words and Sundanese cries for help', () => {
    expect(category("they won't take me to a doctor")).toBe('deprivation')
    expect(category("i haven't eaten in two days")).toBe('deprivation')
    expect(category('abdi sieun pisan, tulungan abdi')).toBe('danger')
    expect(category('i want to die my hair, is it allowed at work?')).toBe('none')
  })

  it('a wish to report a recruiter at home for papers or a passport it keeps is no emergency; kept in, abroad or by an employer is (issue 11)', () => {
    expect(category('PT Sumber Rejeki Fiktif di tangerang nyimpen paspor sy trs ga dibalikin, mau sy adukan')).toBe('none')
    expect(category('lpk di cirebon minta tebusan 2 jt kalo ijazah sy mau dibalikin, sy pengen ngadu')).toBe('none')
    expect(category('i want to complain about an agency in jakarta, they keep my passport and ask 4 million to give it back')).toBe('none')
    expect(category('agen nahan paspor sy di penampungan, ga boleh keluar, mau lapor')).not.toBe('none')
    expect(category('majikan di malaysia ambil paspor sy, sy mau lapor')).toBe('documents_taken')
    expect(category('agen di malaysia nahan paspor sy, mau lapor')).toBe('documents_taken')
    expect(category('adik sy ditahan di penampungan PT Maju, minta tebusan 10jt, mau lapor')).not.toBe('none')
  })

  it('"safe now" told is an all-clear; asked ("sekarang dia aman di rumah?") is not', () => {
    expect(category('dulu adik sy dipukul majikan di oman, skrg dia aman di rumah, mau lapor agennya')).toBe('none')
    expect(category('sekarang dia aman di rumah? majikannya mukul dia terus')).toBe('violence')
    expect(category('my sister was beaten by her boss, she is safe now')).toBe('none')
  })

  it('tolerates typos and words written apart', () => {
    expect(category('sy disiska majikan')).toBe('violence')
    expect(category('di pukulin majikan tiap hari')).toBe('violence')
    expect(category('paspor di tahan agen')).toBe('documents_taken')
    expect(category('pengen bunuh dri')).toBe('self_harm')
    expect(category('pengen bunuuh diri')).toBe('self_harm')
    expect(category('tolooong sayaaa')).toBe('danger')
  })

  it('reads no real word as a typo of another, and no verb as a noun phrase word (phrases, not the classifier)', () => {
    const phrases = (text: string): string[] => detector.explain(text).matches.map((m) => m.phrase)
    // "brother" is an English word, not a typo of "brothel"; a real typo still is.
    expect(phrases('my brother wants to work in taiwan')).not.toContain('brothel')
    expect(phrases('my brothers want to work in taiwan')).not.toContain('brothel')
    expect(phrases('taken to a brothell')).toContain('brothel')
    // "menipu" (to cheat) is not "penipuan" (a scam): "the company that cheated me" is not "a scam company".
    expect(phrases('perusahaan yg menipu saya')).not.toContain('perusahaan penipuan/scam')
    expect(phrases('perusahaan penipuannya kabur')).toContain('perusahaan penipuan/scam')
    expect(phrases('sy ditahan di perusahaan penipu')).toContain('perusahaan penipuan/scam')
  })

  it('does not count what the writer denies', () => {
    expect(category('majikan saya baik, ga pernah mukul')).toBe('none')
    expect(category("I'm not in danger")).toBe('none')
    expect(category('my employer is kind, never hits me')).toBe('none')
    expect(category('saya tidak pernah dipukul')).toBe('none')
    // …but a wish not to be hurt again is a cry for help, and a negation inside the phrase is its meaning.
    expect(category('saya ga mau dipukul lagi')).toBe('violence')
    expect(category('ga dikasih makan')).toBe('deprivation')
  })

  it('reads a threat (someone says what they will do if…) as a crisis, a friendly "if… will" as calm (sixth blind dev set)', () => {
    const rules = (text: string): string | undefined => detector.explain(text).matches.find((m) => m.kept)?.category
    expect(rules('majikan bilang kalo sy kabur dia bakal patahin tangan sy')).toBe('violence')
    expect(rules('he says if I dont sleep with him he will send me back with nothing')).toBe('sexual_violence')
    expect(rules('my agent keeps my salary and says if I leave I will get nothing')).toBe('deprivation')
    expect(category('temen bilang kalo dipukul majikan lapor aja ke KBRI')).toBe('none')
    expect(category('agen bilang kalau sy rajin nanti bakal dapet bonus')).toBe('none')
    expect(category('there is a fire in our dorm and the exit is blocked')).toBe('danger')
    expect(category('where do I report a broken fire extinguisher in the dorm?')).toBe('none')
    expect(category('my uncle worked on a fishing boat years ago, now he is home with us')).toBe('none')
    expect(category('paspor sy masih di agen buat proses medical, kapan dibalikin?')).toBe('none')
  })

  it('tells someone else in danger from the writer in danger', () => {
    expect(detector.detect('teman sy dipukul majikan')).toMatchObject({ category: 'violence', about: 'other' })
    expect(detector.detect('my sister is locked in')).toMatchObject({ category: 'confinement', about: 'other' })
    expect(detector.detect('adik saya dikurung di malaysia')).toMatchObject({ about: 'other', place: 'abroad' })
    expect(detector.detect('the son of my boss touches me at night')).toMatchObject({ category: 'sexual_violence', about: 'self' })
    expect(detector.detect('kak tolong, saya dipukul')).toMatchObject({ about: 'self' })
  })

  it('leaves alone job titles, times, news, procedures and general questions that share words', () => {
    for (const calm of [
      'lowongan perawat lansia',
      'kerja security shift malam',
      'elderly care job in japan',
      'pukul berapa kantor buka',
      'kemarin ada berita TKW disiksa majikan',
      'i read a news story about a maid locked in a house',
      'paspor hilang gimana',
      'paspor sudah jadi bisa diambil kapan',
      'can my employer legally keep my passport?',
      'apakah majikan boleh menahan paspor?',
      'kalau dipukul majikan harus lapor ke mana?',
      'apa itu kerja paksa',
      'rumah dijual murah',
      'ga bisa keluar negeri karena paspor belum jadi',
      'hp saya mau mati, nanti chat lagi',
      'tolong saya mau tanya syarat ke korea',
      'please help me register on siskop2mi',
    ]) {
      expect(category(calm), calm).toBe('none')
    }
  })

  it('reads everyday words for danger and abuse, and a fear as a worry the classifier judges (fifth blind dev set)', () => {
    // "dlm" is "dalam"; a relative out of reach is in danger, an agent out of reach is not.
    expect(category('min tlg cepet, sy dlm bahaya')).toBe('danger')
    expect(category('istri sy di arab ga bisa dihubungi udah 4 bulan')).toBe('danger')
    expect(category('agen sy ga bisa dihubungi, uang sy udah transfer')).toBe('none')
    // A phrase after "takut" is a worry, not an alarm by itself; the classifier reads the whole message.
    expect(detector.explain('sy takut dipukul majikan di arab').matches.find((m) => m.phrase === 'disakiti' || m.category === 'violence')?.reason).toBe('fear')
    expect(category('tolong sy takut bgt mereka mau nyakitin sy')).toBe('danger')
    expect(category('kakek yg sy jaga suka remes dada sy')).toBe('sexual_violence')
    expect(category('my boss keeps sending me nudes')).toBe('sexual_violence')
    expect(category('is it illegal to send nude photos?')).toBe('none')
    expect(category('I was assaulted by the guard at the hostel')).toBe('sexual_violence')
    expect(category('I was physically assaulted by my boss')).toBe('violence')
    expect(category('help me with the form')).toBe('none')
  })

  it('says where the person is when the message tells', () => {
    expect(detector.detect('sy dipukul majikan di hongkong')?.place).toBe('abroad')
    expect(detector.detect('kami dikurung di penampungan di bekasi')?.place).toBe('indonesia')
    expect(detector.detect('sy dipukul majikan')?.place).toBe('unknown')
  })

  it('costs time linear in the message length (counted in steps, not measured in time)', () => {
    const ops = (text: string): number => {
      const stats: CrisisStats = { ops: 0 }
      detector.detect(text, stats)
      return stats.ops
    }
    const chunk = 'majikan saya tolong tolong paspor ditahan dipukul gaji ga dibayar pengen pulang '
    const short = chunk.repeat(2).slice(0, 100)
    const long = chunk.repeat(20).slice(0, 1000)
    const worstWords = 'dipukul '.repeat(125).slice(0, 1000)
    expect(ops(long)).toBeLessThanOrEqual(ops(short) * 10 * 1.5)
    // A few steps per character at most, whatever the words.
    expect(ops(long)).toBeLessThan(20 * 1000)
    expect(ops(worstWords)).toBeLessThan(20 * 1000)
    expect(ops('a'.repeat(1000))).toBeLessThan(100)
  })
})

describe('content/crisis.yaml validation', () => {
  function loadWith(edit: (text: string) => string) {
    const dir = mkdtempSync(join(tmpdir(), 'ma-crisis-'))
    try {
      cpSync(resolve('flows'), join(dir, 'flows'), { recursive: true })
      cpSync(resolve('content'), join(dir, 'content'), { recursive: true })
      const file = join(dir, 'content', 'crisis.yaml')
      writeFileSync(file, edit(readFileSync(file, 'utf8')))
      return loadBundle({ flowsDir: join(dir, 'flows'), contentDir: join(dir, 'content'), actions: ACTION_SPECS, baseDir: dir })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('reports an unknown FAQ id and a phrase lost in the slang table at their line, and loads no bundle', () => {
    const { bundle, problems } = loadWith((text) =>
      text.replace('    faq: paspor-ditahan', '    faq: paspor-ditahn').replace('      - dikurung\n', '      - ya\n'),
    )
    expect(bundle).toBeUndefined()
    const messages = problems.map((p) => `${p.file}:${p.line}  ${p.message}`)
    expect(messages.some((m) => /^content\/crisis\.yaml:\d+ {2}unknown FAQ id "paspor-ditahn"/.test(m))).toBe(true)
    expect(messages.some((m) => /^content\/crisis\.yaml:\d+ {2}"ya": a word disappears in the slang table/.test(m))).toBe(true)
  })

  it('explains a wrong shape in officer terms', () => {
    const { problems } = loadWith((text) => text.replace('max_gap: 2', 'max_gap: many'))
    expect(problems.some((p) => p.file === 'content/crisis.yaml' && p.line > 0 && p.severity === 'error')).toBe(true)
  })
})
