import { transcriptView } from '../annotate/transcript-view.js';
import type { ResultRecord } from '../grading/verdict.js';
import type { SegmentKind, TranscriptSegment } from '../annotate/transcript-view.js';
import type { Transcript, TranscriptPart } from '../transcript/schema.js';
import { partRole, type RubricParts } from './rubric-parts.js';
import { highlightPieces, type HighlightRange } from './evidence-highlight.js';
import { html, joinHtml, type SafeHtml } from '../html/html.js';

/**
 * A transcript in the report, with every grader's evidence marked where it stands: the scratchpad,
 * actions and answer shown as separate blocks (the same segmentation as the labeling page), each
 * quote a <mark> titled with who cited it. A quote whose offsets are missing or do not point at the
 * quote is listed apart as not found, never marked at a guessed place.
 */
export interface EvidenceSplit {
  located: HighlightRange[];
  unlocated: { source: string; quote: string }[];
}

export function splitEvidence(transcript: Transcript, records: readonly ResultRecord[]): EvidenceSplit {
  const located: HighlightRange[] = [];
  const unlocated: EvidenceSplit['unlocated'] = [];
  for (const record of records) {
    for (const evidence of record.evidence ?? []) {
      const { start, end } = evidence;
      if (start !== null && end !== null && start < end && transcript.text.slice(start, end) === evidence.quote) located.push({ start, end, source: record.grader });
      else unlocated.push({ source: record.grader, quote: evidence.quote });
    }
  }
  return { located, unlocated };
}

const HEADINGS: Record<string, (number: number | undefined, tool: string | undefined) => string> = {
  scratchpad: (number) => `scratchpad ${number ?? ''}`,
  action: (number, tool) => `action ${number ?? ''}${tool === undefined ? '' : ` · ${tool}`}`,
  output: () => 'output',
  answer: () => 'answer',
  context: () => '',
};

const PART_OF_SEGMENT: Partial<Record<SegmentKind, TranscriptPart>> = { scratchpad: 'scratchpad', action: 'actions', output: 'actions', answer: 'answer' };

/** The part a segment belongs to; other text is the prompt where it overlaps the prompt's spans. */
function partOfSegment(transcript: Transcript, segment: TranscriptSegment): TranscriptPart | undefined {
  const part = PART_OF_SEGMENT[segment.kind];
  if (part !== undefined) return part;
  return transcript.prompt.some((span) => span.start < segment.end && segment.start < span.end) ? 'prompt' : undefined;
}

/**
 * `sourceClass` gives the CSS class of a source's marks (colour per grader). With `rubricParts`,
 * each segment's head says whether a rubric grades it or shows it as context.
 */
export function transcriptHtml(transcript: Transcript, ranges: readonly HighlightRange[], sourceClass: (source: string) => string, rubricParts: readonly RubricParts[] = []): SafeHtml {
  const view = transcriptView(transcript);
  const segments = view.segments.map((segment) => {
    const part = segment.blank === true ? undefined : partOfSegment(transcript, segment);
    const role = part === undefined ? '' : partRole(part, rubricParts);
    const base = HEADINGS[segment.kind]!(segment.number, segment.tool) || (part === 'prompt' ? 'prompt' : '');
    const heading = role === '' ? base : `${base} · ${role}`;
    const pieces = highlightPieces(transcript.text, ranges, segment.start, segment.end).map((piece) =>
      piece.sources.length === 0
        ? html`${piece.text}`
        : html`<mark class="${sourceClass(piece.sources[0]!)}${piece.sources.length > 1 ? ' several' : ''}" title="cited by ${piece.sources.join(', ')}">${piece.text}</mark>`,
    );
    return html`<div class="segment ${segment.kind}${segment.failed === true ? ' failed' : ''}${segment.blank === true ? ' blank' : ''}">${heading === '' ? '' : html`<div class="segment-head">${heading}${segment.failed === true ? ' · failed' : ''}</div>`}<div class="segment-text">${joinHtml(pieces)}</div></div>`;
  });
  return html`<div class="transcript">${joinHtml(segments)}</div>`;
}
