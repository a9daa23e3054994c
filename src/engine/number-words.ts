/**
 * Numbers written as words, Indonesian and English: "sembilan belas", "dua puluh lima", "seratus dua",
 * "twenty-three", "nineteen". Returns the first run of number words in the text, or undefined. Linear.
 */

const UNITS: Record<string, number> = {
  nol: 0, kosong: 0, satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9,
  sepuluh: 10, sebelas: 11, seratus: 100,
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
}
/** Words that scale what came before them. */
const SCALES = new Set(['belas', 'puluh', 'ratus', 'hundred'])
/** Words allowed inside a number ("one hundred and five"). */
const JOINERS = new Set(['and'])

export function parseNumberWords(text: string): number | undefined {
  const tokens = text.toLowerCase().split(/[^a-z]+/).filter(Boolean)
  let value = 0
  let group = 0
  let seen = false
  for (const token of tokens) {
    const unit = UNITS[token]
    if (unit !== undefined && token !== 'hundred') {
      if (unit === 100) {
        value += 100
      } else group += unit
      seen = true
      continue
    }
    if (seen && SCALES.has(token)) {
      if (token === 'belas') group += 10
      else if (token === 'puluh') {
        value += group * 10
        group = 0
      } else {
        value += Math.max(group, 1) * 100
        group = 0
      }
      continue
    }
    if (seen && JOINERS.has(token)) continue
    if (seen) break
  }
  return seen ? value + group : undefined
}
