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

const WHITE_SPACE = /\s/;
const MAX_QUOTE = 400;

/**
 * Finds every phrase in the spans and quotes the sentence it stands in, so a reader sees the claim
 * in context; offsets stay exact, which is what lets reports highlight quotes in place.
 */
export function matchPhrases(spans: readonly Span[], phrases: readonly Phrase[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (const span of spans) {
    for (const phrase of phrases) {
      // An exec loop on one shared global copy: `matchAll` clones the RegExp on every call, which
      // cost more than the matching itself on a heuristic pass over many transcripts.
      const pattern = globalPattern(phrase.pattern);
      pattern.lastIndex = 0;
      for (let found = pattern.exec(span.text); found !== null; found = pattern.exec(span.text)) {
        const at = found.index;
        const length = found[0].length;
        if (length === 0) pattern.lastIndex += 1; // an empty match would loop forever
        const sentence = sentenceAround(span.text, at, at + length);
        matches.push({
          phrase: phrase.id,
          match: { text: found[0], start: span.start + at, end: span.start + at + length },
          evidence: { quote: span.text.slice(sentence.start, sentence.end), start: span.start + sentence.start, end: span.start + sentence.end },
        });
      }
    }
  }
  return matches.sort((a, b) => a.match.start - b.match.start);
}

const globalPatterns = new WeakMap<RegExp, RegExp>();

/**
 * A private `g` copy of a plugin's pattern, compiled once per pattern rather than once per
 * transcript; always a copy, so the plugin's own RegExp (and its lastIndex) is never touched.
 */
function globalPattern(pattern: RegExp): RegExp {
  let global = globalPatterns.get(pattern);
  if (global === undefined) {
    global = new RegExp(pattern.source, pattern.global ? pattern.flags : `${pattern.flags}g`);
    globalPatterns.set(pattern, global);
  }
  return global;
}

/** What `/[.!?](?=\s)|\n/` matches at `index`: a line break, or . ! ? followed by white space. */
function isSentenceEndAt(text: string, index: number): boolean {
  const char = text.charCodeAt(index);
  if (char === 0x0a) return true;
  if (char !== 0x2e && char !== 0x21 && char !== 0x3f) return false;
  return index + 1 < text.length && WHITE_SPACE.test(text[index + 1] as string);
}

const NEXT_SENTENCE_END = /[.!?](?=\s|$)|\n/g;

function sentenceAround(text: string, from: number, to: number): { start: number; end: number } {
  // The sentence starts after the last sentence end before the match: searched backwards from
  // the match, not forwards from the start of the text for every match.
  let start = 0;
  for (let index = from - 1; index >= 0; index -= 1) {
    if (isSentenceEndAt(text, index)) {
      start = index + 1;
      break;
    }
  }
  NEXT_SENTENCE_END.lastIndex = to;
  const next = NEXT_SENTENCE_END.exec(text);
  let end = next === null ? text.length : next.index + (text[next.index] === '\n' ? 0 : 1);
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
