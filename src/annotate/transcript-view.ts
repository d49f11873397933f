import type { Transcript } from '../transcript/schema.js';
import { TAG_NAMES } from '../transcript/tagged-text.js';

/**
 * A transcript cut into consecutive segments that together cover its canonical text exactly, so a
 * page can show the scratchpad and the actions apart and still turn any text selection into
 * offsets that mean the same thing as a grader's evidence offsets.
 *   scratchpad / action / answer: the transcript's spans;
 *   output: the stretch right after an action (its stdout or tool result, as the transcript shows it);
 *   context: everything else (the prompt, role markers, tags).
 * The reader's tags (`<bash>`, `</stdout>`, `<cot>`, `</OUTPUT>`) and a role marker left alone between blocks
 * ("Assistant:" before a tag) are cut into their own segments flagged `markup`: the parser has
 * already turned them into the blocks, so a page shows the parsed parts only (their text still
 * counts for offsets).
 */
export type SegmentKind = 'context' | 'scratchpad' | 'action' | 'output' | 'answer';

export interface TranscriptSegment {
  kind: SegmentKind;
  start: number;
  end: number;
  text: string;
  /** True for a gap of white space only, which a page may hide (its text still counts for offsets). */
  blank?: boolean;
  /** True for a tag or a lone role marker the parser turned into the blocks; a page hides it like a blank. */
  markup?: boolean;
  /** 1-based number among segments of the same kind (scratchpad 2, action 3). */
  number?: number;
  tool?: string;
  failed?: boolean;
}

export interface TranscriptView {
  id: string;
  textLength: number;
  segments: TranscriptSegment[];
  /** Only this one metadata fact is passed on: other metadata may carry labels and would unblind. */
  synthetic: boolean;
}

interface MarkedSpan {
  kind: 'scratchpad' | 'action' | 'answer';
  start: number;
  end: number;
  tool?: string;
  failed?: boolean;
}

export function transcriptView(transcript: Transcript): TranscriptView {
  const { text } = transcript;
  const spans: MarkedSpan[] = [
    ...transcript.scratchpad.map((span) => ({ kind: 'scratchpad' as const, start: span.start, end: span.end })),
    ...transcript.actions.map((action) => ({
      kind: 'action' as const,
      start: action.start,
      end: action.end,
      tool: action.tool,
      ...(action.failed === true ? { failed: true } : {}),
    })),
    ...(transcript.answer === null ? [] : [{ kind: 'answer' as const, start: transcript.answer.start, end: transcript.answer.end }]),
  ].sort((a, b) => a.start - b.start || a.end - b.end);

  const segments: TranscriptSegment[] = [];
  const counters = { scratchpad: 0, action: 0, answer: 0 };
  let cursor = 0;
  let previousKind: MarkedSpan['kind'] | undefined;
  const pushGap = (end: number) => {
    if (end <= cursor) return;
    // A gap is cut into leading white space, its body and trailing white space, so blank lines
    // around tags need not be shown.
    const gap = text.slice(cursor, end);
    const bodyStart = cursor + (gap.length - gap.trimStart().length);
    const bodyEnd = Math.max(bodyStart, end - (gap.length - gap.trimEnd().length));
    const kind = previousKind === 'action' ? 'output' : 'context';
    if (bodyStart > cursor) segments.push({ kind, start: cursor, end: bodyStart, text: text.slice(cursor, bodyStart), blank: true });
    for (const piece of markupPieces(text, bodyStart, bodyEnd)) segments.push({ kind, ...piece, text: text.slice(piece.start, piece.end) });
    if (end > bodyEnd) segments.push({ kind, start: bodyEnd, end, text: text.slice(bodyEnd, end), blank: true });
    cursor = end;
  };
  for (const span of spans) {
    // Readers never produce overlapping spans; if one ever did, the later one is cut to keep a partition.
    // White space at a span's edges goes to the neighbouring gap, so blocks do not open or close
    // with blank lines; offsets are unchanged, only where the cut falls.
    let start = Math.max(span.start, cursor);
    let end = Math.min(Math.max(span.end, start), text.length);
    while (start < end && /\s/.test(text[start]!)) start += 1;
    while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
    if (end <= start) continue;
    pushGap(start);
    counters[span.kind] += 1;
    segments.push({
      kind: span.kind,
      start,
      end,
      text: text.slice(start, end),
      number: counters[span.kind],
      ...(span.tool === undefined ? {} : { tool: span.tool }),
      ...(span.failed === true ? { failed: true } : {}),
    });
    cursor = end;
    previousKind = span.kind;
  }
  pushGap(text.length);
  return { id: transcript.id, textLength: text.length, segments, synthetic: transcript.metadata['synthetic'] === true };
}

// Only the tags the transcript reader parses are structure; any other tag is the transcript's own
// text (model output may well contain `<script>`), shown as text.
const TAG = new RegExp(`</?(?:${TAG_NAMES.join('|')})>`, 'gi');
const ROLE_MARKER = /^(?:Human|Assistant|User|System|H|A)\s*:$/;

/**
 * The body of a gap cut at its tags: each tag is `markup`; so is white space between tags
 * (`blank`), and a role marker when nothing but markup and white space follows it in the gap.
 */
function markupPieces(text: string, start: number, end: number): { start: number; end: number; blank?: true; markup?: true }[] {
  const pieces: { start: number; end: number; blank?: true; markup?: true }[] = [];
  let cursor = start;
  const pushText = (to: number) => {
    if (to <= cursor) return;
    const piece = text.slice(cursor, to);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (piece.trim() === '') pieces.push({ start: cursor, end: to, blank: true });
    else {
      if (lead > 0) pieces.push({ start: cursor, end: cursor + lead, blank: true });
      pieces.push({ start: cursor + lead, end: to - trail });
      if (trail > 0) pieces.push({ start: to - trail, end: to, blank: true });
    }
    cursor = to;
  };
  for (const match of text.slice(start, end).matchAll(TAG)) {
    const tagStart = start + match.index;
    pushText(tagStart);
    pieces.push({ start: tagStart, end: tagStart + match[0].length, markup: true });
    cursor = tagStart + match[0].length;
  }
  pushText(end);
  // A role marker followed only by markup or white space introduces nothing the page shows.
  const shown = pieces.filter((piece) => piece.blank !== true && piece.markup !== true);
  const last = shown[shown.length - 1];
  if (last === undefined) return pieces;
  const lastText = text.slice(last.start, last.end);
  if (ROLE_MARKER.test(lastText)) last.markup = true;
  else {
    // "…the prompt.\n\nAssistant:" before a tag: the marker on the last line is cut off as markup.
    const trailing = /\n(\s*)((?:Human|Assistant|User|System|H|A)\s*:)$/.exec(lastText);
    if (trailing !== null) {
      const markerStart = last.end - trailing[2]!.length;
      const textEnd = last.start + lastText.slice(0, trailing.index).trimEnd().length;
      const index = pieces.indexOf(last);
      pieces.splice(index, 1, { start: last.start, end: textEnd }, { start: textEnd, end: markerStart, blank: true }, { start: markerStart, end: last.end, markup: true });
    }
  }
  return pieces;
}
