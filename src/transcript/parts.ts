import type { Span, Transcript, TranscriptPart } from './schema.js';

/**
 * The spans of the given parts, in transcript order. An action counts with its outputs (what the
 * environment answered is part of what a grader of actions sees).
 */
export function spansOfParts(transcript: Transcript, parts: readonly TranscriptPart[]): Span[] {
  const spans: Span[] = [];
  if (parts.includes('prompt')) spans.push(...transcript.prompt);
  if (parts.includes('scratchpad')) spans.push(...transcript.scratchpad);
  if (parts.includes('actions')) {
    for (const { text, start, end, outputSpans } of transcript.actions) {
      spans.push({ text, start, end });
      if (outputSpans !== undefined) spans.push(...outputSpans);
    }
  }
  if (parts.includes('answer') && transcript.answer !== null) spans.push(transcript.answer);
  return spans.sort((a, b) => a.start - b.start);
}

export interface LocatedQuote {
  quote: string;
  start: number;
  end: number;
}

/**
 * Finds `quote` in the given spans, comparing with white space folded (models re-flow lines when
 * they quote). Offsets returned are into `transcript.text`, covering the original characters.
 */
export function locateQuote(spans: readonly Span[], quote: string): LocatedQuote | null {
  const needle = foldWhitespace(quote);
  if (needle === '') return null;
  for (const span of spans) {
    const folded = foldWithMap(span.text);
    const at = folded.text.indexOf(needle);
    if (at === -1) continue;
    const start = span.start + (folded.map[at] ?? 0);
    const lastChar = folded.map[at + needle.length - 1] ?? 0;
    const end = span.start + lastChar + 1;
    return { quote: span.text.slice(start - span.start, end - span.start), start, end };
  }
  return null;
}

export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const WHITE_SPACE = /\s/;

/** Folds runs of white space to one space, remembering each kept character's original index. */
function foldWithMap(text: string): { text: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let pendingSpace = -1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (WHITE_SPACE.test(char)) {
      if (pendingSpace === -1 && folded !== '') pendingSpace = index;
      continue;
    }
    if (pendingSpace !== -1) {
      folded += ' ';
      map.push(pendingSpace);
      pendingSpace = -1;
    }
    folded += char;
    map.push(index);
  }
  return { text: folded, map };
}
