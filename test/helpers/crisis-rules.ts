/** The content's crisis detector and two readings of it, shared by the crisis rule tests. */
import { loadCrisisContent } from '../../src/understanding/crisis-eval.ts'

export const { detector } = loadCrisisContent()

/** The category the detector gives `text`, or `none`. */
export const category = (text: string): string => detector.detect(text)?.category ?? 'none'

/** The reasons the rules gave for the matches of one category (undefined: the match counted). */
export const reasons = (text: string, id: string): (string | undefined)[] =>
  detector
    .explain(text)
    .matches.filter((m) => m.category === id)
    .map((m) => m.reason)
