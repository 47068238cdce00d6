// @ts-check
// The knowledge base the bench loads: articles of about 2 KB whose words follow Zipf's law (a few
// words in most articles, most words in few), as text in any language does. As in real English,
// the most frequent words are the stop words ("the", "of", "and"), which searches leave out; the
// rest are made-up words, so no stemmer merges two of them. Questions are drawn from the same
// distribution, so they mix stop words, common and rare words. Seeded: every run and every engine
// gets the same articles and the same questions.
import stopword from 'stopword';

/** @param {number} seed */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ru',
  'ten',
  'sa',
  'vor',
  'di',
  'nel',
  'po',
  'gra',
  'shu',
  'fen',
  'bi',
  'zo',
  'tar',
];
export const VOCABULARY_SIZE = 20_000;
export const ARTICLE_BYTES = 2_048;

/** The stop words first (the most frequent), then distinct made-up words of 2 to 4 syllables. */
function vocabulary() {
  const next = random(7);
  /** @type {Set<string>} */
  const words = new Set(stopword.eng);
  while (words.size < VOCABULARY_SIZE) {
    const length = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

const WORDS = vocabulary();
// Cumulative Zipf weights (s = 1) for picking word i with probability ~ 1 / (i + 1).
const CUMULATIVE = (() => {
  const out = new Float64Array(WORDS.length);
  let sum = 0;
  for (let i = 0; i < WORDS.length; i++) out[i] = sum += 1 / (i + 1);
  return out.map((c) => c / sum);
})();

/** @param {() => number} next */
function zipfWord(next) {
  const r = next();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] ?? 1) < r) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo] ?? 'ka';
}

/**
 * The i-th article of source `sourceId`.
 * @param {number} i
 * @param {string} sourceId
 */
export function articleAt(i, sourceId) {
  const next = random(1_000 + i);
  const name = Array.from({ length: 3 + Math.floor(next() * 5) }, () => zipfWord(next)).join(' ');
  let content = '';
  while (content.length < ARTICLE_BYTES) {
    const sentence = Array.from({ length: 6 + Math.floor(next() * 10) }, () => zipfWord(next)).join(' ');
    content += `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.${next() < 0.2 ? '\n\n' : ' '}`;
  }
  return {
    id: `article-${String(i).padStart(6, '0')}`,
    name,
    content: content.slice(0, ARTICLE_BYTES),
    knowledge_source_id: sourceId,
    url: `https://help.example.com/articles/${i}`,
  };
}

/** A stream of search questions of 2 or 3 words. */
export function queries() {
  const next = random(99);
  return () => Array.from({ length: 2 + Math.floor(next() * 2) }, () => zipfWord(next)).join(' ');
}
