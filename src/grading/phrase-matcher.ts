import type { Span } from '../transcript/schema.js';
import { anchorsIn, indexAnchors, mayMatch, type FoundAnchors, type IndexedAnchorSets } from './anchor-index.js';
import { anchorSetsOf } from './phrase-anchors.js';
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
  // All compiled before any text is scanned: compiling a new pattern can grow the anchor index,
  // and a scan made before that would not report the new anchors.
  const compiled = phrases.map((phrase) => compiledPattern(phrase.pattern));
  for (const span of spans) {
    let anchorsFound: FoundAnchors | undefined;
    for (let index = 0; index < phrases.length; index += 1) {
      const phrase = phrases[index] as Phrase;
      const { global: pattern, anchors } = compiled[index] as CompiledPattern;
      // Skipped only when the text lacks a word the pattern cannot match without (phrase-anchors.ts).
      if (anchors !== null && !mayMatch(anchors, (anchorsFound ??= anchorsIn(span.text)))) continue;
      // An exec loop on one shared global copy: `matchAll` clones the RegExp on every call, which
      // cost more than the matching itself on a heuristic pass over many transcripts.
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

interface CompiledPattern {
  global: RegExp;
  /** The words the pattern cannot match without, once it has some and the anchor index took them. */
  anchors: IndexedAnchorSets | null;
  /** Calls that used the pattern, counted up to the one that reads its anchors. */
  uses: number;
}

const compiledPatterns = new WeakMap<RegExp, CompiledPattern>();

/**
 * A private `g` copy of a plugin's pattern, compiled once per pattern rather than once per
 * transcript; always a copy, so the plugin's own RegExp (and its lastIndex) is never touched.
 * Its anchors are read and indexed on its second use: a pattern made for one transcript (task
 * words of a prompt no other transcript shares) would only grow the scan every text pays for.
 */
function compiledPattern(pattern: RegExp): CompiledPattern {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    compiled = { global: new RegExp(pattern.source, pattern.global ? pattern.flags : `${pattern.flags}g`), anchors: null, uses: 0 };
    compiledPatterns.set(pattern, compiled);
  }
  if (compiled.uses < 2) {
    compiled.uses += 1;
    if (compiled.uses === 2) {
      const sets = anchorSetsOf(pattern);
      compiled.anchors = sets === null ? null : indexAnchors(sets);
    }
  }
  return compiled;
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
