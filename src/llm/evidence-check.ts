import type { Evidence } from '../grading/verdict.js';
import { locateQuote } from '../transcript/parts.js';
import type { Span } from '../transcript/schema.js';

/**
 * A quote counts only if it stands in the parts the rubric reads (white space folded). Found quotes
 * get their offsets; the rest keep null offsets and make the verdict `unverifiedEvidence`.
 */
export function checkEvidence(quotes: readonly { quote: string }[], spans: readonly Span[]): { evidence: Evidence[]; unverified: string[] } {
  const evidence: Evidence[] = [];
  const unverified: string[] = [];
  for (const { quote } of quotes) {
    const located = locateQuote(spans, unescapeDelimiters(quote));
    if (located === null) {
      unverified.push(quote);
      evidence.push({ quote, start: null, end: null });
    } else {
      evidence.push(located);
    }
  }
  return { evidence, unverified };
}

/** The model saw escaped tag-like text (see prompt.ts); map its quotes back to the source. */
function unescapeDelimiters(quote: string): string {
  return quote.replace(/&lt;/g, '<');
}
