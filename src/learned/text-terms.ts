import { z } from 'zod';

/**
 * The terms a text is described by, each with where it occurs (so a weight can be traced back to
 * the words behind it): lower-cased word n-grams and character n-grams taken inside word
 * boundaries (each word padded with one space, as scikit-learn's `char_wb` analyzer does, which
 * keeps the n-grams of one word from mixing with its neighbours'). Keys are prefixed (`w:` words,
 * `c:` characters) so the two kinds never collide; a word bigram is two words joined by a space,
 * which no word contains.
 */
export const FeatureSettingsSchema = z
  .object({
    /** Word n-gram lengths [min, max], or null for none. */
    wordNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]).nullable().default([1, 2]),
    /** Character n-gram lengths [min, max] (inside word boundaries), or null for none. */
    charNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]).nullable().default([3, 5]),
    /** A term must occur in at least this many training texts. */
    minDocumentFrequency: z.number().int().positive().default(2),
    /** Keep at most this many terms (the most frequent by document frequency). */
    maxFeatures: z.number().int().positive().default(200_000),
    /** Term frequency as 1 + ln(tf) instead of tf. */
    sublinearTf: z.boolean().default(true),
  })
  .strict();
export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;
export type FeatureSettingsInput = z.input<typeof FeatureSettingsSchema>;

/** A stretch of text with its offset in the transcript's `text` (a transcript Span). */
export interface TextSpan {
  text: string;
  start: number;
}

export type TermVisitor = (term: string, start: number, end: number) => void;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** Calls `visit` for every term occurrence, with offsets into the transcript's text. */
export function visitTerms(spans: readonly TextSpan[], settings: FeatureSettings, visit: TermVisitor): void {
  for (const span of spans) {
    const words: { word: string; start: number; end: number }[] = [];
    for (const match of span.text.matchAll(WORD)) {
      const start = span.start + match.index;
      words.push({ word: match[0].toLowerCase(), start, end: start + match[0].length });
    }
    if (settings.wordNgrams !== null) {
      const [low, high] = settings.wordNgrams;
      for (let i = 0; i < words.length; i++) {
        let gram = '';
        for (let n = 1; n <= high && i + n <= words.length; n++) {
          gram = n === 1 ? words[i]!.word : `${gram} ${words[i + n - 1]!.word}`;
          if (n >= low) visit(`w:${gram}`, words[i]!.start, words[i + n - 1]!.end);
        }
      }
    }
    if (settings.charNgrams !== null) {
      const [low, high] = settings.charNgrams;
      for (const { word, start, end } of words) {
        const padded = ` ${word} `;
        for (let n = low; n <= high; n++) {
          for (let at = 0; at + n <= padded.length; at++) visit(`c:${padded.slice(at, at + n)}`, start, end);
        }
      }
    }
  }
}

/** How often each term occurs. */
export function termCounts(spans: readonly TextSpan[], settings: FeatureSettings): Map<string, number> {
  const counts = new Map<string, number>();
  visitTerms(spans, settings, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  return counts;
}
