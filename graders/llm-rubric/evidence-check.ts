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

/**
 * Quotes the model took from the context instead of the graded parts: they do not count (dropped
 * from the evidence, not left as unverified) and flag the verdict `evidenceFromContext`.
 */
export function separateContextQuotes(
  checked: { evidence: Evidence[]; unverified: string[] },
  contextSpans: readonly Span[],
): { evidence: Evidence[]; unverified: string[]; fromContext: string[] } {
  if (contextSpans.length === 0 || checked.unverified.length === 0) return { ...checked, fromContext: [] };
  const fromContext = checked.unverified.filter((quote) => (locateQuote(contextSpans, restoreDelimiters(quote)) ?? locateQuote(contextSpans, quote)) !== null);
  if (fromContext.length === 0) return { ...checked, fromContext };
  const dropped = new Set(fromContext);
  return {
    evidence: checked.evidence.filter((item) => item.start !== null || !dropped.has(item.quote)),
    unverified: checked.unverified.filter((quote) => !dropped.has(quote)),
    fromContext,
  };
}
