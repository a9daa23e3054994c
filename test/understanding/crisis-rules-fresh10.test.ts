import { describe, expect, it } from 'vitest'
import { category, detector, reasons } from '../helpers/crisis-rules.ts'

describe('crisis rules: the misses and false alarms of crisis-fresh10, by general rules', () => {
  it('reads a video call as a call, not as news (news_not)', () => {
    const text = 'kakakku td video call sambil nangis, bilang pengen mati aja, skrg wa nya ga aktif'
    expect(reasons(text, 'self_harm')).not.toContain('news')
    expect(category(text)).toBe('self_harm')
    // A video someone watched is still news.
    expect(reasons('ada video viral TKW dipukul majikan di arab, ngeri bgt', 'violence').every((r) => r !== undefined)).toBe(true)
  })

  it('hears a last word to everyone, with the night named', () => {
    expect(category('ini terakhir kali aku ngobrol sama siapapun, makasih buat semuanya')).toBe('self_harm')
    expect(category('setelah malam ini aku ga butuh apa2 lagi, tolong kirim gajiku ke ibu')).toBe('self_harm')
    expect(category('after tonight i will not be here anymore, please tell my son')).toBe('self_harm')
    // An ordinary last day stays calm.
    expect(category('hari ini terakhir sy kerja di pabrik, besok pulang kampung')).toBe('none')
  })

  it('reads "is it normal…" about sexual or physical violence as telling that it happened', () => {
    expect(reasons('is it normal the supervisor touches my private area when checking my uniform?', 'sexual_violence')).toContain(undefined)
    expect(reasons('is it normal my boss slaps me every time i am slow?', 'violence')).toContain(undefined)
    // A rights question about papers stays a question: documents are not such a category.
    expect(category('is it normal for the agency to keep my passport while they process the visa?')).toBe('none')
    expect(category('is it legal for an employer to hit a worker?')).toBe('none')
  })

  it('takes a question answered by the writer\u2019s own situation in the next sentence (real_after_question)', () => {
    expect(category('kalo ktp sy ditahan sponsor boleh gak sih? dia gak mau balikin sebelum sy bayar 5 juta')).toBe('documents_taken')
    expect(category('can an agency keep my passport? they took it at the airport and will not give it back')).toBe('documents_taken')
    // A hypothetical chain in one question stays general.
    expect(category('kalau paspor ditahan agen, terus agen ga mau balikin, harus lapor kemana?')).toBe('none')
  })

  it('keeps the alarm when the writer says it of themselves now, however the question ends', () => {
    const text = 'we are still locked inside the warehouse since last week, 12 of us, is this legal?'
    expect(category(text)).toBe('confinement')
  })

  it('sets aside an old harm asked about for a claim (long_ago + remedy), not one that goes on', () => {
    expect(category('sy ditampar majikan di taiwan 3 tahun lalu, apa masih bisa nuntut ganti rugi?')).toBe('none')
    expect(category('my sister was beaten by her employer in 2019, can she still claim compensation?')).toBe('none')
    expect(category('sy ditampar majikan tahun lalu dan sampai sekarang masih dipukul, bisa nuntut?')).toBe('violence')
  })

  it('leaves suicide as a sermon topic and a child\u2019s game alone, abroad too (calm_together abroad_too)', () => {
    expect(category('tema ceramah pengajian BMI di hongkong minggu ini: bahaya bunuh diri dan cara mencegahnya')).toBe('none')
    expect(category('my son always shouts i want to die when he loses at roblox, he is 9. we live in dubai, should i worry?')).toBe('none')
    // The writer's own wish, or gambling debts, still raise the alarm.
    expect(category('lagi nyiapin materi pengajian, tp jujur sy sendiri kepikiran bunuh diri')).toBe('self_harm')
    expect(category('my son lost all our money gambling on games and says he wants to die')).toBe('self_harm')
  })

  it('reads everyday calm look-alikes: a curfew, a door forgotten, rain, a cut while cooking, a body to bring home', () => {
    for (const text of [
      'majikan ga ngebolehin sy keluar malem sendirian, siang boleh. aturan biasa kan?',
      'tadi lupa ngunci pintu gudang, dimarahin bos',
      'seharian kekurung di kamar gara2 badai, bosen bgt',
      'kegores cutter pas buka kardus, udah dikasih plester',
      'kalau sy meninggal di taiwan jenazah dipulangkan siapa yg bayar?',
    ]) {
      expect(category(text), text).toBe('none')
    }
  })

  it('hears new everyday words of danger, hunger and sexual coercion', () => {
    expect(category('speedboat yg bawa kami karam, kami pegangan di kayu')).toBe('danger')
    expect(category('eh bentar, majikan ngamuk banting2 barang, aku sembunyi dulu ya')).not.toBe('none')
    expect(category('madam locks the kitchen every night, i am hungry always')).toBe('deprivation')
    expect(category('agen bilang sy harus nemenin bos semalem baru dapet visa')).toBe('sexual_violence')
    expect(category('pas medical disuruh buka baju trs dokternya megang2 dada sy')).toBe('sexual_violence')
  })
})
