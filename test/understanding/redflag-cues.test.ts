import { describe, expect, it } from 'vitest'
import { messageSignAnswers, RedflagReader, FLAGS_KEY } from '../../src/understanding/redflag-cues.ts'
import { realBundle } from '../helpers/bundle.ts'

const reader = (): RedflagReader => realBundle().redflags!
const ids = (text: string): string[] => reader().read(text).map((s) => s.id)

describe('warning signs a message states (content/redflag-cues.yaml)', () => {
  it('reads a sponsor as a person, neighbours and strangers who offer jobs, photos of documents, exempt jobs by name', () => {
    expect(ids('ada sponsor namanya pak Budi, dia minta uang 5 juta buat ngurus paspor sama visa')).toEqual(['upfront_named', 'individual'])
    expect(ids('sponsor nya minta transfer 3 juta ke rek pribadinya buat daftar ke taiwan')).toEqual(['upfront_named'])
    expect(ids('mau kerja di arab saudi jadi ART, ada tetangga yg nawarin lewat visa umroh')).toEqual(['visa', 'domestic_middle_east', 'individual'])
    expect(ids('can my daughter work as housemaid in Dubai? a lady from facebook offer her')).toEqual(['domestic_middle_east', 'individual'])
    expect(ids('Sponsor ask my wife send photo KTP, KK and passport by WhatsApp for register')).toEqual(['documents_sent'])
    expect(ids('kerja ke hongkong jd PRT, agen minta 7 bulan potong gaji')).toEqual(['fee_exempt_job'])
    expect(ids('for my sister to be caregiver in Taiwan, they want 25 juta')).toEqual(['fee_exempt_job'])
    expect(ids('caregiver in taiwan, the agent ask me 15 million rupiah first')).toEqual(['upfront_named', 'fee_exempt_job'])
    // A friend who names the company as the route, or a photo sent to this assistant, is no warning sign.
    expect(ids('teman saya nawarin kerja di jepang lewat PT resmi')).toEqual([])
    expect(ids('last week I sent photos of my KTP and passport here by mistake')).toEqual([])
  })

  it('says which signs lead a free-text answer (`first`), and what their answers cover', () => {
    const r = reader()
    expect(r.readFirst('ada tetangga yg nawarin kerja').map((s) => s.id)).toEqual(['individual'])
    expect(r.readFirst('biaya ke taiwan jadi operator pabrik 35 juta wajar ga?')).toEqual([])
    expect([...r.covers(r.read('kerja jd PRT, agen minta potong gaji 7 bulan'))]).toEqual(['biaya-jabatan-bebas-anda', 'biaya-penempatan', 'potongan-gaji-agen'])
  })

  it('reads the blind tester messages, Indonesian and English', () => {
    expect(ids('kak kalo mau ke korea lewat PT bisa ga? temen sy ditawarin sama PT Contoh Sinar Fiktif bayar 30jt langsung berangkat ga usah tes bahasa')).toEqual(['korea_private', 'upfront'])
    expect(ids('bu sy mau jd ART ke arab saudi lewat PT Contoh Maju Jaya Fiktif, katanya gratis malah dikasih uang saku 5jt. aman kan?')).toEqual(['domestic_middle_east', 'advance'])
    expect(ids('kak sponsor bilang berangkat ke malaysia pake visa turis dulu nanti kerja di sana diurus permit nya. aman ga?')).toEqual(['visa'])
    expect(ids('pt X resmi gak? sponsornya minta uang 15jt buat berangkat ke hongkong jd ART')).toEqual(['upfront_named', 'fee_exempt_job'])
    expect(ids('is PT X legit? they want me to pay 30 million to go to korea without a test')).toEqual(['korea_private', 'upfront'])
    expect(ids("I want to work as a housemaid in Saudi Arabia through PT X, they give my family 5 million pocket money")).toEqual(['domestic_middle_east', 'advance'])
    expect(ids('my sponsor says go to malaysia on a tourist visa first, the work permit is arranged there')).toEqual(['visa'])
    // A sponsor (a person) asking money: also "do not pay them" (upfront_named), next to the exempt-job rule.
    expect(ids('my sponsor asked for 15 million to go to hong kong as a domestic helper')).toEqual(['upfront_named', 'fee_exempt_job'])
    expect(ids('I had to pay the agent Rp 20.000.000 before leaving')).toEqual(['upfront_named'])
  })

  it('reads the other signs: risky destination, documents held, no contract, individual recruiter, umrah for work', () => {
    expect(ids('ditawari kerja admin di kamboja gaji 1000 dolar')).toEqual(['destination'])
    expect(ids('paspor saya nanti dipegang agen katanya')).toEqual(['documents'])
    expect(ids('the agent will keep my passport')).toEqual(['documents'])
    expect(ids('berangkat dulu aja, kontraknya nanti di sana')).toEqual(['contract'])
    expect(ids('ga tau PT nya apa, cuma sponsor pak haji')).toEqual(['individual'])
    expect(ids('berangkat umroh gratis nanti langsung kerja di mekkah')).toEqual(['visa'])
  })

  it('is typo- and slang-tolerant through the slang table (ga/gak → tidak, ART/PRT, pake, sponsor → calo)', () => {
    expect(ids('gak usah tes lgsg berangkat ke korsel')).toEqual(['korea_private'])
    expect(ids('mau jd PRT ke dubai')).toEqual(['domestic_middle_east'])
    expect(ids('pake visa kunjungan aja ke saudi')).toEqual(['visa'])
    expect(ids('disuruh transfer Rp 5.000.000 ke rekening pribadi sponsor')).toEqual(['upfront_named'])
    // A fee with a sum, paid from wages, is not an "administrasi" fee nor a personal account (blind tester A31):
    // it is a salary deduction (blind tester tB31).
    expect(ids('biayanya 8 juta dipotong gaji')).toEqual(['salary_cut'])
  })

  it('names the rule for the job a fee is asked for (blind testers tB18, tB31, tB28)', () => {
    expect(ids('PT nya minta 12jt buat biaya pelatihan+penampungan, sy mau jd ART di hongkong')).toEqual(['fee_exempt_job'])
    expect(ids('jare kudu potong gaji 7 bulan')).toEqual(['salary_cut'])
    expect(ids('potongan gaji 7 bulan iku wajar ta mbak? aku dadi PRT')).toEqual(['fee_exempt_job'])
    expect(ids('sy tukang las, PT minta biaya 25jt buat visa dan tiket')).toEqual(['fee_other_job'])
    // Japan's private routes may cost money whatever the job; a salary only cut is not a fee.
    expect(ids('caregiver kaigo ke jepang, agen minta 60 juta')).toEqual(['upfront'])
    expect(ids('trus kalo gajinya dipotong terus gmn')).toEqual([])
    // Made specific only where the FAQ answers the general fee question; the job alone is enough there.
    expect(reader().refine('biaya-penempatan', 'sy mau jd ART ke hongkong, bayar brp?')).toBe('biaya-jabatan-bebas-anda')
    expect(reader().refine('biaya-penempatan', 'kerja pabrik di taiwan bayar brp?')).toBe('biaya-jabatan-lain')
    expect(reader().refine('biaya-penempatan', 'brp biaya ke taiwan')).toBeUndefined()
    expect(reader().refine('syarat-umum', 'sy mau jd ART ke hongkong, syaratnya apa?')).toBeUndefined()
  })

  it('raises no sign in calm messages', () => {
    for (const text of [
      'PT X resmi ga? mau ke jepang lewat SSW',
      'is PT X licensed? I want to go to Japan through SSW',
      'PT X resmi ga? mau ke korea lewat G to G, gajinya 30jt',
      'mau ke korea lewat EPS, syaratnya apa',
      'cek PT X, mau jadi ABK kapal korea tanpa tes',
      'mau kerja di perusahaan migas di arab saudi',
      'ke arab saudi jadi ART lewat SPSK',
      'gaji 30jt sebulan di jepang',
      'pelatihan di BLK dapat uang saku ga?',
      'tidak usah bayar 5 juta kan?',
      'mau berangkat umroh, PT X resmi?',
      'is PT X licensed? the pay is 2000 dollars a month in korea through G to G',
      'gaji di korea 30jt, biaya hidup 5jt, PT X resmi?',
    ]) {
      expect(ids(text), text).toEqual([])
    }
  })

  it('tells an answer with no company name from a name', () => {
    expect(reader().givesNoName('ga tau PT nya apa kak, cuma sponsor pak haji. sy nanya visa turis boleh ga')).toBe(true)
    expect(reader().givesNoName("I don't know, it's just a sponsor from facebook")).toBe(true)
    expect(reader().givesNoName('gatau kak')).toBe(true)
    expect(reader().givesNoName('PT Contoh Maju Jaya Fiktif')).toBe(false)
  })

  it('gives the quiz answers and the list of given answers, merged with earlier ones', () => {
    // A sum to pay next to a sponsor: money asked by a person, "do not pay them" (upfront_named).
    const answers = messageSignAnswers(reader(), 'bayar 30jt, paspor ditahan sponsor', { _prefilled: ['agency_query'] }, '_prefilled')
    expect(answers).toEqual({ [FLAGS_KEY]: ['upfront_named', 'documents'], upfront: true, documents: true, _prefilled: ['agency_query', 'upfront', 'documents'] })
    const korea = messageSignAnswers(reader(), 'ke korea ga usah tes', { [FLAGS_KEY]: ['visa'] }, '_prefilled')
    expect(korea).toEqual({ [FLAGS_KEY]: ['visa', 'korea_private'] }) // no quiz question for Korea
    expect(messageSignAnswers(reader(), 'halo kak', {}, '_prefilled')).toEqual({})
  })

  it('reports unknown cues, a missing no_name cue and twice-listed signs; two signs may answer one question', () => {
    const { problems } = RedflagReader.build({
      cues: { pay: ['bayar'] },
      signs: [
        { id: 'a', question: 'upfront', when: [{ all: ['pay', 'nope'] }], text: 'x' },
        { id: 'a', question: 'upfront', when: [{ all: ['amount'] }], text: 'y' },
      ],
    })
    const messages = problems.map((p) => p.message).join('\n')
    expect(messages).toContain('no_name')
    expect(messages).toContain('unknown cue "nope"')
    expect(messages).toContain('listed twice')
    expect(messages).not.toContain('answered by another sign')
  })

  it('reads a social-media offer for Japan without Japanese, leaving within weeks, money paid or wanted back, a DP paid, a passport about to be handed over (blind tester B, B-1, B-10, b-30)', () => {
    const r = reader()
    expect(r.readFirst('kak aku liat di tiktok ada loker ke jepang jd tukang las gaji 30jt sebulan, gk perlu bahasa jepang, berangkat 2 minggu, cuma bayar 5jt buat visa. itu beneran gk kak?').map((s) => s.id)).toEqual(['japan_language', 'upfront_named', 'rushed', 'social_media'])
    expect(ids('trs gaji 30jt di jepang tukang las masuk akal gk? katanya ga usah bisa bhs jepang')).toEqual(['japan_language'])
    // A departure date alone, or a social-media question without money, is no sign.
    expect(ids('anak sy berangkat 2 minggu lagi ke jepang, apa yg harus disiapkan?')).toEqual([])
    expect(ids('lowongan di facebook ke taiwan asli ga?')).toEqual([])
    expect(ids('jadi loker tiktok td penipuan bukan kak? udh transfer 5jt soalnya')).toEqual(['paid'])
    expect(ids('terus uang 5jt nya gmn kak bisa balik gk')).toEqual(['paid'])
    expect(r.refine('lowongan-medsos', 'jadi loker tiktok td penipuan bukan kak? udh transfer 5jt soalnya')).toBe('lapor-pungutan')
    // "DP" paid by the worker is not the recruiter's cash advance.
    expect(ids('she already pay 10 million po as DP to the agency, the PT name is PT Contoh Maju Jaya Fiktif. can she get it back?')).toEqual(['paid'])
    expect(ids('bu sy mau jd ART ke arab saudi lewat PT Contoh Maju Jaya Fiktif, katanya gratis malah dikasih uang saku 5jt. aman kan?')).toContain('advance')
    expect(r.calms('jadi ilegal ya? soalnya mereka udh punya kantor di bekasi, bsk adik sy mau serahin paspor', 'documents_taken')).toBe(true)
    expect(r.calms('paspor sy ditahan majikan, besok mau minta balik', 'documents_taken')).toBe(false)
  })
})
