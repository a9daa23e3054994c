/**
 * The source line users see under an FAQ answer ("ℹ️ Sumber: UU 18/2017 Pasal 30; Perban BP2MI 9/2020 · diperiksa
 * 22 Nov 2026"). It names the instrument or publisher and a date, in the reply's language, with at most one link to
 * an official domain. Research notes, news links and file names belong in the entry's officer-only `evidence:`.
 */
import type { Lang } from '../engine/types.ts'
import type { Localized } from './types.ts'

/** Longest source line users see (characters, without the "Sumber:" label and the date). */
export const MAX_SOURCE_LENGTH = 120

/** A web address or a bare domain ("bp2mi.go.id", "https://siskop2mi.bp2mi.go.id/lowongan"). */
const DOMAIN = /\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:\/[^\s;,)]*)?/gi
/** A file name or a path inside a repository ("programme-context.md", "shared/DESIGN.md"). */
const FILE_NAME = /(?:\b[\w-]+\.(?:md|ts|js|mjs|ya?ml|json|csv|txt|pdf|docx?|xlsx?|html?)\b|\b(?:shared|facts|content|src)\/)/i

/** Words that mark English inside an Indonesian source line (instrument names and proper nouns are fine). */
const ENGLISH_WORDS = new Set(
  (
    'and the of from with quoting citing unverified verified likely official statement statements news site page article articles ' +
    'about for on dated withheld law regulation minister ministry announcement report reports notice open gap gaps process doc ' +
    'document before during after see also not is are by january february march april may june july august september october ' +
    'november december aug oct dec'
  ).split(' '),
)
/** Words that mark Indonesian inside an English source line. */
const INDONESIAN_WORDS = new Set(
  (
    'dan yang dengan tentang untuk dari atau sejak pada oleh dalam ke di ini itu berita situs halaman pernyataan pengumuman ' +
    'peraturan menteri laporan resmi tahun januari februari maret mei juni juli agustus oktober desember agu okt des'
  ).split(' '),
)

export interface SourceRules {
  /** Official domains (and their subdomains) a source line may link to: `official_domains` in contacts.yaml. */
  officialDomains: readonly string[]
}

/** The source as users of `lang` see it. */
export function userSource(source: string | Localized, lang: Lang): string {
  return typeof source === 'string' ? source : ((lang === 'en' ? source.en : undefined) ?? source.id)
}

function isOfficial(domain: string, official: readonly string[]): boolean {
  const host = domain.toLowerCase().replace(/^www\./, '')
  return official.some((d) => host === d || host.endsWith(`.${d}`))
}

/**
 * What is wrong with one user-facing source line, each as "what, and how to fix". `lang` is the reply's language;
 * `both` for a plain source shown in both languages (then words of either language are refused).
 */
export function sourceLineProblems(text: string, lang: Lang | 'both', rules: SourceRules): string[] {
  const problems: string[] = []
  const fileName = FILE_NAME.exec(text)
  if (fileName) {
    problems.push(`the source users see names a file ("${fileName[0]}"); name the instrument or publisher and its date, and move file names to evidence:`)
  }
  if (text.includes('§')) {
    problems.push('the source users see has a section mark (§); write "Pasal 30" or the publisher and date, and keep section pointers in evidence:')
  }
  const links = [...text.matchAll(DOMAIN)].filter((m) => !/\.(?:md|ts|js|ya?ml|json|csv|txt|pdf)$/i.test(m[1]!))
  for (const link of links) {
    if (!isOfficial(link[1]!, rules.officialDomains)) {
      problems.push(
        `"${link[0]}" is not an official domain (official_domains in content/contacts.yaml); name the publisher in words ("Kompas, 2024") and move the link to evidence:`,
      )
    }
  }
  if (links.length > 1) problems.push(`the source users see has ${links.length} links; keep at most one official link and move the others to evidence:`)
  if (text.length > MAX_SOURCE_LENGTH) {
    problems.push(`the source users see is ${text.length} characters long (at most ${MAX_SOURCE_LENGTH}); keep the instrument or publisher and date, move the rest to evidence:`)
  }
  const words = text.toLowerCase().match(/[a-z]+/g) ?? []
  const foreign = (list: ReadonlySet<string>) => [...new Set(words.filter((w) => list.has(w)))]
  if (lang === 'id' || lang === 'both') {
    const english = foreign(ENGLISH_WORDS)
    if (english.length > 0) {
      problems.push(
        `the ${lang === 'id' ? 'Indonesian' : 'plain'} source has English words (${english.join(', ')}); ${lang === 'id' ? 'write it in Indonesian' : 'write source: { id: "…", en: "…" } per language, or use names and numbers only'}`,
      )
    }
  }
  if (lang === 'en' || lang === 'both') {
    const indonesian = foreign(INDONESIAN_WORDS)
    if (indonesian.length > 0) {
      problems.push(
        `the ${lang === 'en' ? 'English' : 'plain'} source has Indonesian words (${indonesian.join(', ')}); ${lang === 'en' ? 'write it in English' : 'write source: { id: "…", en: "…" } per language, or use names and numbers only'}`,
      )
    }
  }
  return problems
}
