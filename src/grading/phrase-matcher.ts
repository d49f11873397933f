import type { Span } from '../transcript/schema.js';
import type { Evidence } from './verdict.js';

/** A named regular expression whose matches count as evidence for one reading of the text. */
export interface Phrase {
  id: string;
  pattern: RegExp;
}

export interface PhraseMatch {
  phrase: string;
  /** The sentence around the match, with offsets into `transcript.text`. */
  evidence: Evidence & { start: number; end: number };
  /** The exact matched characters, with offsets. */
  match: { text: string; start: number; end: number };
}

const SENTENCE_END = /[.!?](?=\s)|\n/g;
const MAX_QUOTE = 400;

/**
 * Finds every phrase in the spans and quotes the sentence it stands in, so a reader sees the claim
 * in context; offsets stay exact, which is what lets reports highlight quotes in place.
 */
export function matchPhrases(spans: readonly Span[], phrases: readonly Phrase[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (const span of spans) {
    for (const phrase of phrases) {
      for (const found of span.text.matchAll(globalPattern(phrase.pattern))) {
        const at = found.index;
        const sentence = sentenceAround(span.text, at, at + found[0].length);
        matches.push({
          phrase: phrase.id,
          match: { text: found[0], start: span.start + at, end: span.start + at + found[0].length },
          evidence: { quote: span.text.slice(sentence.start, sentence.end), start: span.start + sentence.start, end: span.start + sentence.end },
        });
      }
    }
  }
  return matches.sort((a, b) => a.match.start - b.match.start);
}

const globalPatterns = new WeakMap<RegExp, RegExp>();

/** matchAll needs the `g` flag; compile that copy once per pattern, not once per transcript. */
function globalPattern(pattern: RegExp): RegExp {
  let global = globalPatterns.get(pattern);
  if (global === undefined) {
    global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    globalPatterns.set(pattern, global);
  }
  return global;
}

function sentenceAround(text: string, from: number, to: number): { start: number; end: number } {
  let start = 0;
  SENTENCE_END.lastIndex = 0;
  for (const end of text.matchAll(SENTENCE_END)) {
    if (end.index + 1 > from) break;
    start = end.index + 1;
  }
  const nextEnd = text.slice(to).search(/[.!?](?=\s|$)|\n/);
  let end = nextEnd === -1 ? text.length : to + nextEnd + (text[to + nextEnd] === '\n' ? 0 : 1);
  while (start < from && /\s/.test(text[start] ?? '')) start += 1;
  if (end - start > MAX_QUOTE) {
    start = Math.max(start, from - 100);
    end = Math.min(end, Math.max(to, start + MAX_QUOTE));
  }
  return { start, end };
}

/** Evidence items without duplicates (two phrases in one sentence quote it once). */
export function uniqueEvidence(matches: readonly PhraseMatch[]): Evidence[] {
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  for (const { evidence: item } of matches) {
    const key = `${item.start}:${item.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push(item);
  }
  return evidence;
}
