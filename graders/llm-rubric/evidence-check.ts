import type { Evidence } from '../../src/grading/verdict.js';
import { locateQuote } from '../../src/transcript/parts.js';
import type { Span } from '../../src/transcript/schema.js';
import { restoreDelimiters } from './prompt.js';

/**
 * A quote counts only if it stands in the parts the rubric reads (white space folded). Found quotes
 * get their offsets; the rest keep null offsets and make the verdict `unverifiedEvidence`.
 */
export function checkEvidence(quotes: readonly { quote: string }[], spans: readonly Span[]): { evidence: Evidence[]; unverified: string[] } {
  const evidence: Evidence[] = [];
  const unverified: string[] = [];
  for (const { quote } of quotes) {
    // The model saw tag-like text escaped (prompt.ts); a quote may also hold "&lt;" that was in the transcript itself.
    const located = locateQuote(spans, restoreDelimiters(quote)) ?? locateQuote(spans, quote);
    if (located === null) {
      unverified.push(quote);
      evidence.push({ quote, start: null, end: null });
    } else {
      evidence.push(located);
    }
  }
  return { evidence, unverified };
}
