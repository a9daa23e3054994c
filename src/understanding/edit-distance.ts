/**
 * Optimal string alignment distance (Levenshtein plus swapped neighbours as one edit): "disikas" is one edit from
 * "disiksa". Used for typo tolerance in crisis detection.
 */

/** The distance between `a` and `b`, stopping early (returning something larger) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const cols = b.length + 1
  let prev2 = new Array<number>(cols).fill(0)
  let prev = Array.from({ length: cols }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(cols).fill(0)
    cur[0] = i
    let rowMin = i
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1)
      cur[j] = d
      rowMin = Math.min(rowMin, d)
    }
    if (rowMin > limit) return rowMin
    prev2 = prev
    prev = cur
  }
  return prev[cols - 1]!
}

/**
 * Whether `b` reads as a typo of `a`: one edit, or two when both words have nine letters or more; words under five
 * letters never (too many real words lie one edit apart: "makan" / "makin" is the limit).
 */
/** Words this long may carry two typos; shorter ones one ("standing" is not a typo of "starving"). */
export const TWO_EDITS_FROM = 9

export function isTypo(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length)
  if (shorter < 5 || Math.abs(a.length - b.length) > 2) return false
  // A typo rarely hits both of the first two letters; this skips most pairs cheaply.
  if (a[0] !== b[0] && a[1] !== b[1]) return false
  const budget = shorter >= TWO_EDITS_FROM ? 2 : 1
  return editDistance(a, b, budget) <= budget
}
