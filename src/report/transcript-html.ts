import { transcriptView } from '../annotate/transcript-view.js';
import type { ResultRecord } from '../grading/verdict.js';
import type { Transcript } from '../transcript/schema.js';
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

/** `sourceClass` gives the CSS class of a source's marks (colour per grader). */
export function transcriptHtml(transcript: Transcript, ranges: readonly HighlightRange[], sourceClass: (source: string) => string): SafeHtml {
  const view = transcriptView(transcript);
  const segments = view.segments.map((segment) => {
    const heading = HEADINGS[segment.kind]!(segment.number, segment.tool);
    const pieces = highlightPieces(transcript.text, ranges, segment.start, segment.end).map((piece) =>
      piece.sources.length === 0
        ? html`${piece.text}`
        : html`<mark class="${sourceClass(piece.sources[0]!)}${piece.sources.length > 1 ? ' several' : ''}" title="cited by ${piece.sources.join(', ')}">${piece.text}</mark>`,
    );
    return html`<div class="segment ${segment.kind}${segment.failed === true ? ' failed' : ''}${segment.blank === true ? ' blank' : ''}">${heading === '' ? '' : html`<div class="segment-head">${heading}${segment.failed === true ? ' · failed' : ''}</div>`}<div class="segment-text">${joinHtml(pieces)}</div></div>`;
  });
  return html`<div class="transcript">${joinHtml(segments)}</div>`;
}
