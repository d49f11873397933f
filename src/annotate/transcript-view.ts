import type { Transcript } from '../transcript/schema.js';

/**
 * A transcript cut into consecutive segments that together cover its canonical text exactly, so a
 * page can show the scratchpad and the actions apart and still turn any text selection into
 * offsets that mean the same thing as a grader's evidence offsets.
 *   scratchpad / action / answer: the transcript's spans;
 *   output: the stretch right after an action (its stdout or tool result, as the transcript shows it);
 *   context: everything else (the prompt, role markers, tags).
 */
type SegmentKind = 'context' | 'scratchpad' | 'action' | 'output' | 'answer';

interface TranscriptSegment {
  kind: SegmentKind;
  start: number;
  end: number;
  text: string;
  /** True for a gap of white space only, which a page may hide (its text still counts for offsets). */
  blank?: boolean;
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
    for (const [from, to, blank] of [[cursor, bodyStart, true], [bodyStart, bodyEnd, false], [bodyEnd, end, true]] as const) {
      if (to > from) segments.push({ kind, start: from, end: to, text: text.slice(from, to), ...(blank ? { blank: true } : {}) });
    }
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
