// Article languages from BCP 47 tags, and the words a search looks for.
import { describe, expect, it } from 'vitest';
import { MAX_TERMS, articleLanguageOf, searchTerms } from './languages.js';

describe('article languages', () => {
  it('keeps the primary language, and tells Traditional Chinese apart', () => {
    expect(articleLanguageOf('en')).toBe('en');
    expect(articleLanguageOf('en-US')).toBe('en');
    expect(articleLanguageOf('PT_br')).toBe('pt');
    expect(articleLanguageOf('zh')).toBe('zh');
    expect(articleLanguageOf('zh-Hans-CN')).toBe('zh');
    expect(articleLanguageOf('zh-TW')).toBe('zh-tw');
    expect(articleLanguageOf('zh-Hant')).toBe('zh-tw');
    expect(articleLanguageOf('zh-HK')).toBe('zh-tw');
    expect(articleLanguageOf('in')).toBe('in');
    expect(articleLanguageOf('xx-YY')).toBeNull();
    expect(articleLanguageOf('eng')).toBeNull();
  });
});

describe('search terms', () => {
  it("are the message's words, lower-cased, once each, in order, without the language's stop words", () => {
    expect(searchTerms('How do I reset my PASSWORD? Reset, reset!', 'en')).toEqual(['reset', 'password']);
    expect(searchTerms('Comment réinitialiser le mot de passe ?', 'fr')).toEqual([
      'comment',
      'réinitialiser',
      'mot',
      'passe',
    ]);
    expect(searchTerms('Wie kann ich mein Passwort ändern?', 'de')).toEqual(['passwort', 'ändern']);
    expect(searchTerms('order #4711, ok', 'en')).toEqual(['order', '4711', 'ok']);
    expect(searchTerms('the and of', 'en')).toEqual([]);
    expect(searchTerms('ｆｕｌｌ width', 'en')).toEqual(['full', 'width']);
  });

  it('keep every word of a language without a stop-word list, and stop at MAX_TERMS', () => {
    expect(searchTerms('the cat', 'kk')).toEqual(['the', 'cat']);
    const many = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    expect(searchTerms(many, 'en')).toEqual(Array.from({ length: MAX_TERMS }, (_, i) => `word${i}`));
  });
});
