/**
 * Cuts a stretch of text at every evidence boundary, so each piece is either plain or covered by
 * the same set of quotes; renderers (HTML, Markdown) then mark the covered pieces in place. Pure:
 * offsets in, pieces out, nothing rendered here.
 */
export interface HighlightRange {
  start: number;
  end: number;
  /** Who cited it (a grader or rater name). */
  source: string;
}

export interface HighlightPiece {
  text: string;
  start: number;
  end: number;
  /** Distinct sources whose evidence covers the piece, in first-cited order; empty when plain. */
  sources: string[];
}

/** Pieces of `text.slice(from, to)`; ranges outside it, empty or inverted are ignored. */
export function highlightPieces(text: string, ranges: readonly HighlightRange[], from = 0, to = text.length): HighlightPiece[] {
  const inside = ranges
    .map((range) => ({ ...range, start: Math.max(range.start, from), end: Math.min(range.end, to) }))
    .filter((range) => range.start < range.end);
  const cuts = [...new Set([from, to, ...inside.flatMap((range) => [range.start, range.end])])].sort((a, b) => a - b);
  const pieces: HighlightPiece[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const start = cuts[index]!;
    const end = cuts[index + 1]!;
    const sources = [...new Set(inside.filter((range) => range.start <= start && end <= range.end).map((range) => range.source))];
    const previous = pieces.at(-1);
    // Adjacent pieces with the same sources are one piece (fewer, longer marks).
    if (previous !== undefined && previous.end === start && sameSources(previous.sources, sources)) {
      previous.end = end;
      previous.text = text.slice(previous.start, end);
    } else pieces.push({ text: text.slice(start, end), start, end, sources });
  }
  return pieces;
}

function sameSources(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((source) => b.includes(source));
}
