import { describe, expect, test } from 'vitest';
import { encodeCorpus, fitVocabulary, vectorizeEncoded } from '../../src/learned/tfidf.js';
import { FeatureSettingsSchema, termCounts, visitTerms } from '../../src/learned/text-terms.js';

const words = FeatureSettingsSchema.parse({ wordNgrams: [1, 1], charNgrams: null, minDocumentFrequency: 1, sublinearTf: false });

describe('TF-IDF features', () => {
  test('weights terms as scikit-learn TfidfVectorizer does (smooth idf, L2 norm), computed by hand', () => {
    const corpus = encodeCorpus(['a a b', 'a c', 'c'].map((text) => termCounts([{ text, start: 0 }], words)));
    const vocabulary = fitVocabulary(corpus, [0, 1, 2], words);
    expect(vocabulary.terms).toEqual(['w:a', 'w:b', 'w:c']);
    // n = 3 texts; df(a) = 2, df(b) = 1, df(c) = 2; idf = ln((1 + n) / (1 + df)) + 1.
    const idfA = Math.log(4 / 3) + 1;
    const idfB = Math.log(2) + 1;
    expect(Array.from(vocabulary.idf)).toEqual([idfA, idfB, idfA]);
    const vector = vectorizeEncoded(corpus.documents[0]!, vocabulary.columnOf, vocabulary.idf, words);
    const norm = Math.hypot(2 * idfA, idfB);
    expect(Array.from(vector.columns)).toEqual([0, 1]);
    expect(vector.values[0]).toBeCloseTo((2 * idfA) / norm, 12);
    expect(vector.values[1]).toBeCloseTo(idfB / norm, 12);
  });

  test('keeps only terms in at least minDocumentFrequency training texts', () => {
    const settings = { ...words, minDocumentFrequency: 2 };
    const corpus = encodeCorpus(['a a b', 'a c', 'c'].map((text) => termCounts([{ text, start: 0 }], settings)));
    expect(fitVocabulary(corpus, [0, 1, 2], settings).terms).toEqual(['w:a', 'w:c']);
    expect(fitVocabulary(corpus, [0, 1], settings).terms).toEqual(['w:a']);
  });

  test('gives word n-grams and in-word character n-grams with offsets into the transcript text', () => {
    const settings = FeatureSettingsSchema.parse({ wordNgrams: [1, 2], charNgrams: [3, 3] });
    const seen: [string, number, number][] = [];
    visitTerms([{ text: "Don't Stop", start: 10 }], settings, (term, start, end) => seen.push([term, start, end]));
    expect(seen).toEqual([
      ['w:don\'t', 10, 15],
      ["w:don't stop", 10, 20],
      ['w:stop', 16, 20],
      ['c: do', 10, 15],
      ['c:don', 10, 15],
      ["c:on'", 10, 15],
      ["c:n't", 10, 15],
      ["c:'t ", 10, 15],
      ['c: st', 16, 20],
      ['c:sto', 16, 20],
      ['c:top', 16, 20],
      ['c:op ', 16, 20],
    ]);
  });
});
