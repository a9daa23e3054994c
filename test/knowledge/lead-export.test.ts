import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  formatLeadStats,
  LEAD_COLUMNS,
  leadStats,
  leadsToCsv,
  leadsToJson,
  neutralizeFormula,
} from '../../src/knowledge/lead-export.ts'
import { makeLead } from '../helpers/lead-fixtures.ts'

const HEADER = 'ref,createdAt,updatedAt,channel,lang,name,phone,age,province,regency,education,interests,destination,consentAt,userKey,id,samePhoneAs'

function rows(csv: string, delimiter = ','): Record<string, string>[] {
  return parse(csv, { bom: true, columns: true, delimiter }) as Record<string, string>[]
}

describe('leadsToCsv', () => {
  it('starts with a byte-order mark and the fixed header, and ends lines with CRLF', () => {
    const csv = leadsToCsv([makeLead()])
    expect(csv.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true)
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(csv.split('\r\n')).toHaveLength(3)
  })

  it('writes only the header when there are no leads', () => {
    expect(leadsToCsv([])).toBe(`\uFEFF${HEADER}\r\n`)
  })

  it('writes one row per lead, interests joined with |', () => {
    const [row] = rows(leadsToCsv([makeLead()]))
    expect(row).toMatchObject({
      ref: 'MA-7K3F9Q',
      name: 'Siti Rahayu',
      age: '21',
      province: '32',
      interests: 'welding|japanese',
      destination: 'japan',
    })
  })

  it('neutralizes formulas: a name like =HYPERLINK("x") becomes text', () => {
    const csv = leadsToCsv([makeLead({ name: '=HYPERLINK("x")' })])
    expect(rows(csv)[0]?.name).toBe(`'=HYPERLINK("x")`)
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
  })

  it('keeps an E.164 phone readable while it cannot be a formula', () => {
    const [row] = rows(leadsToCsv([makeLead({ phone: '+6281234567890' })]))
    expect(row?.phone).toBe("'+6281234567890")
  })

  it.each([
    ['=1+1', "'=1+1"],
    ['+62812', "'+62812"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['  =1', "'  =1"],
    ['Siti', 'Siti'],
    ['Nur-Aini', 'Nur-Aini'],
    ['', ''],
  ])('neutralizeFormula(%j) → %j', (cell, expected) => {
    expect(neutralizeFormula(cell)).toBe(expected)
  })

  it('neutralizes every column, not only names', () => {
    const lead = makeLead({ regency: '-evil', education: '@x', interests: ['=cmd', 'las'], destination: '+x' })
    const [row] = rows(leadsToCsv([lead]))
    expect(row).toMatchObject({ regency: "'-evil", education: "'@x", interests: "'=cmd|las", destination: "'+x" })
  })

  it('quotes separators, quotes and line breaks so they survive a round trip', () => {
    const name = 'Rahayu, "Ayu"\nSiti; Bandung'
    expect(rows(leadsToCsv([makeLead({ name })]))[0]?.name).toBe(name)
  })

  it('writes ; as separator for Excel under Indonesian regional settings', () => {
    const csv = leadsToCsv([makeLead({ name: 'Siti; Rahayu' })], { delimiter: ';' })
    expect(csv.startsWith(`\uFEFF${HEADER.replaceAll(',', ';')}\r\n`)).toBe(true)
    expect(rows(csv, ';')[0]?.name).toBe('Siti; Rahayu')
  })
})

describe('leadsToJson', () => {
  it('round-trips the leads, keys in column order', () => {
    const leads = [makeLead(), makeLead({ id: 'lead-2', name: '=HYPERLINK("x")', interests: [] })]
    const json = leadsToJson(leads)
    expect(JSON.parse(json)).toEqual(leads.map((lead) => ({ ...lead, samePhoneAs: [] })))
    expect(Object.keys(JSON.parse(json)[0] as object)).toEqual([...LEAD_COLUMNS, 'samePhoneAs'])
    expect(json.endsWith('\n')).toBe(true)
  })

  it('writes an empty array for no leads', () => {
    expect(leadsToJson([])).toBe('[]\n')
  })
})

describe('leadStats and formatLeadStats', () => {
  const leads = [
    makeLead({ id: 'a', interests: ['welding', 'japanese'], destination: 'japan', province: '32' }),
    makeLead({ id: 'b', interests: ['welding'], destination: 'japan', province: '33' }),
    makeLead({ id: 'c', interests: ['hospitality', 'hospitality'], destination: 'taiwan', province: '' }),
  ]

  it('counts each interest once per lead, destinations and provinces', () => {
    expect(leadStats(leads)).toEqual({
      total: 3,
      byInterest: { welding: 2, japanese: 1, hospitality: 1 },
      byDestination: { japan: 2, taiwan: 1 },
      byProvince: { '32': 1, '33': 1, '': 1 },
      samePhone: 0,
    })
  })

  it('shows officers the leads of different users that give the same phone, without merging them', () => {
    const mine = makeLead({ id: 'x', ref: 'MA-AAAAAA', userKey: 'telegram:1' })
    const theirs = makeLead({ id: 'y', ref: 'MA-BBBBBB', userKey: 'whatsapp:2' })
    const alone = makeLead({ id: 'z', ref: 'MA-CCCCCC', userKey: 'telegram:3', phone: '+6285700000000' })
    const rows = JSON.parse(leadsToJson([mine, theirs, alone])) as { ref: string; samePhoneAs: string[] }[]
    expect(rows.map((r) => [r.ref, r.samePhoneAs])).toEqual([['MA-AAAAAA', ['MA-BBBBBB']], ['MA-BBBBBB', ['MA-AAAAAA']], ['MA-CCCCCC', []]])
    expect(leadsToCsv([mine, theirs])).toContain(',MA-BBBBBB\r\n')
    expect(leadStats([mine, theirs, alone]).samePhone).toBe(2)
    expect(formatLeadStats(leadStats([mine, theirs, alone]), 'en')).toContain("Leads sharing a phone number with another user's lead (see the samePhoneAs column): 2")
  })

  it('formats in Indonesian, largest first, with names when given', () => {
    const text = formatLeadStats(leadStats(leads), 'id', { province: (code) => ({ '32': 'Jawa Barat' })[code] })
    expect(text).toBe(
      [
        'Jumlah lead: 3',
        'Minat pelatihan:',
        '  welding: 2',
        '  hospitality: 1',
        '  japanese: 1',
        'Negara tujuan:',
        '  japan: 2',
        '  taiwan: 1',
        'Provinsi:',
        '  (tidak diisi): 1',
        '  33: 1',
        '  Jawa Barat: 1',
      ].join('\n'),
    )
  })

  it('formats an empty store in English', () => {
    expect(formatLeadStats(leadStats([]), 'en')).toBe(
      ['Leads: 0', 'Training interests:', '  (none yet)', 'Destinations:', '  (none yet)', 'Provinces:', '  (none yet)'].join('\n'),
    )
  })
})
