import { describe, expect, it } from 'vitest'
import { normalizeIndonesianMobile, phoneFromChat, type PhoneResult } from '../../src/knowledge/phone.ts'

const ok = (e164: string): PhoneResult => ({ ok: true, e164 })
const no = (reason: Extract<PhoneResult, { ok: false }>['reason']): PhoneResult => ({ ok: false, reason })

describe('normalizeIndonesianMobile', () => {
  it.each([
    ['081234567890', ok('+6281234567890')],
    ['08123456789', ok('+628123456789')],
    ['0811234567', ok('+62811234567')],
    ['0812-3456-7890', ok('+6281234567890')],
    ['0812 3456 7890', ok('+6281234567890')],
    ['0812.3456.7890', ok('+6281234567890')],
    ['(0812) 3456-7890', ok('+6281234567890')],
    ['+6281234567890', ok('+6281234567890')],
    ['+62 812 3456 7890', ok('+6281234567890')],
    ['+62 (0)812 3456 7890', ok('+6281234567890')],
    ['6281234567890', ok('+6281234567890')],
    ['62812345678', ok('+62812345678')],
    ['006281234567890', ok('+6281234567890')],
    ['81234567890', ok('+6281234567890')],
    ['+081234567890', ok('+6281234567890')],
    ['0857 1234 5678', ok('+6285712345678')],
    ['0895-1234-56789', ok('+62895123456789')],
    ['no HP: 0812 3456 7890', ok('+6281234567890')],
    ['WA 081234567890', ok('+6281234567890')],
    ['０８１２３４５６７８９０', ok('+6281234567890')],
  ])('%j → %o', (text, expected) => {
    expect(normalizeIndonesianMobile(text)).toEqual(expected)
  })

  it.each([
    ['0812345', no('too_short')],
    ['081234567', no('too_short')],
    ['12', no('too_short')],
    ['+62', no('too_short')],
    ['081234567890123', no('too_long')],
    ['+62 8123 4567 8901 234', no('too_long')],
    ['saya tidak punya', no('letters')],
    ['08l2345678', no('letters')],
    ['nomor saya nol delapan', no('letters')],
    ['+60 12 345 6789', no('foreign')],
    ['+1 415 555 2671', no('foreign')],
    ['0060123456789', no('foreign')],
    ['021-5551234', no('not_mobile')],
    ['+62 21 5551234', no('not_mobile')],
    ['0841234567', no('invalid')],
    ['', no('invalid')],
    ['0812#3456', no('invalid')],
  ])('%j → %o', (text, expected) => {
    expect(normalizeIndonesianMobile(text)).toEqual(expected)
  })
})

describe('a number inside a sentence', () => {
  it.each([
    ['boleh, 0812.9988.7766', '+6281299887766'],
    ['kan udah sy kasih td 0812.9988.7766', '+6281299887766'],
    ['62-857-1234-5678 (wa aja)', '+6285712345678'],
    ['ini nomer sy 0812 3344 5566 kak', '+6281233445566'],
  ])('%j → %s', (text, e164) => {
    expect(normalizeIndonesianMobile(text)).toEqual({ ok: true, e164 })
  })

  it('two numbers, or digits too few for a number, stay a sentence', () => {
    expect(normalizeIndonesianMobile('0812 3344 5566 atau 0857 1234 5678')).toEqual(no('letters'))
    expect(normalizeIndonesianMobile('umur 23 tahun')).toEqual(no('letters'))
  })
})

describe('phoneFromChat', () => {
  it.each([
    ['6281234567890', ok('+6281234567890')],
    ['+6281234567890', ok('+6281234567890')],
    ['6281234567890@s.whatsapp.net', ok('+6281234567890')],
    ['6281234567890:12@s.whatsapp.net', ok('+6281234567890')],
    ['60123456789', no('foreign')],
    ['14155552671', no('foreign')],
    ['62215551234', no('not_mobile')],
    ['628123', no('too_short')],
    ['123456789012345@lid', no('invalid')],
    ['120363040000000000@g.us', no('invalid')],
    ['', no('invalid')],
  ])('%j → %o', (digits, expected) => {
    expect(phoneFromChat(digits)).toEqual(expected)
  })
})
