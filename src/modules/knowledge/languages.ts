// The languages articles are written in, and the words a search ignores in each. Articles take a
// BCP 47 tag and are stored under Ada's ISO 639-1 codes (zh-tw for Traditional Chinese), which
// is also what the list filter, the search and the responder match on.
import stopword from 'stopword';

/** Ada's article languages. */
export const ARTICLE_LANGUAGES = [
  'ar', 'zh', 'zh-tw', 'da', 'nl', 'en', 'fi', 'fr', 'de', 'he', 'hi', 'id', 'in', 'it', 'ja', 'ko', 'ms',
  'pt', 'pa', 'ru', 'es', 'sv', 'tl', 'ta', 'th', 'tr', 'vi', 'ht', 'my', 'km', 'bg', 'ro', 'el', 'hu',
  'pl', 'cs', 'et', 'hr', 'lt', 'lv', 'sl', 'sk', 'is', 'be', 'uk', 'ca', 'sq', 'bs', 'sr', 'kk',
] as const; // prettier-ignore
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: ArticleLanguage = 'en';

const KNOWN = new Set<string>(ARTICLE_LANGUAGES);
const TRADITIONAL = new Set(['tw', 'hk', 'mo', 'hant']);

/**
 * The article language of a BCP 47 tag: its primary language subtag, except that Chinese in
 * Traditional script or from Taiwan, Hong Kong or Macao is zh-tw. Null for a language articles
 * cannot be in.
 */
export function articleLanguageOf(tag: string): ArticleLanguage | null {
  const parts = tag.toLowerCase().split(/[-_]/);
  const primary = parts[0] ?? '';
  if (primary === 'zh') return parts.slice(1).some((p) => TRADITIONAL.has(p)) ? 'zh-tw' : 'zh';
  return KNOWN.has(primary) ? (primary as ArticleLanguage) : null;
}

// The stopword package's lists, by article language (languages it has no list for keep every word).
const STOP_LISTS: Partial<Record<ArticleLanguage, readonly string[]>> = {
  ar: stopword.ara, zh: stopword.zho, 'zh-tw': stopword.zho, da: stopword.dan, nl: stopword.nld,
  en: stopword.eng, fi: stopword.fin, fr: stopword.fra, de: stopword.deu, he: stopword.heb,
  hi: stopword.hin, id: stopword.ind, in: stopword.ind, it: stopword.ita, ja: stopword.jpn,
  ko: stopword.kor, ms: stopword.msa, pt: stopword.por, pa: stopword.panGu, ru: stopword.rus,
  es: stopword.spa, sv: stopword.swe, tl: stopword.tgl, th: stopword.tha, tr: stopword.tur,
  vi: stopword.vie, my: stopword.mya, bg: stopword.bul, ro: stopword.ron, el: stopword.ell,
  hu: stopword.hun, pl: stopword.pol, cs: stopword.ces, et: stopword.est, hr: stopword.hrv,
  lt: stopword.lit, lv: stopword.lav, sl: stopword.slv, sk: stopword.slk, uk: stopword.ukr,
  ca: stopword.cat,
}; // prettier-ignore

const stopSets = new Map<ArticleLanguage, ReadonlySet<string>>();
function stopWordsOf(language: ArticleLanguage): ReadonlySet<string> {
  let set = stopSets.get(language);
  if (!set) stopSets.set(language, (set = new Set((STOP_LISTS[language] ?? []).map((w) => w.toLowerCase()))));
  return set;
}

/** The most words of one message a search looks for. */
export const MAX_TERMS = 16;

/**
 * The words a search looks for in `text`: runs of letters and digits, lower-cased, without the
 * language's stop words ("how", "do", "my"), each once, at most MAX_TERMS, in order.
 */
export function searchTerms(text: string, language: ArticleLanguage): string[] {
  const stop = stopWordsOf(language);
  const terms: string[] = [];
  for (const [word] of text
    .normalize('NFKC')
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    if (stop.has(word) || terms.includes(word)) continue;
    terms.push(word);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}
