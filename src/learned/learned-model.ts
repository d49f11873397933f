import type { Span, TranscriptPart } from '../transcript/schema.js';
import { chooseLabel, type LabelThreshold } from './choose-label.js';
import { predictProbabilities, type LinearWeights } from './logistic-regression.js';
import { readModelFile, type ModelFile } from './model-file.js';
import { vectorizeCounts } from './tfidf.js';
import { termCounts, visitTerms, type FeatureSettings } from './text-terms.js';

/** A span of the transcript that pushed the score toward a label, with how much. */
interface EvidenceSpan {
  start: number;
  end: number;
  /** Sum of the span's term contributions to the log-odds of the label over the runner-up. */
  weight: number;
}

interface Analysis {
  probabilities: number[];
  evidence(label: number, against: number, limit?: number): EvidenceSpan[];
}

/** A loaded model file, ready to score transcripts (what the `learned` grader uses). */
export interface LearnedModel {
  file: string;
  rubricId: string;
  reads: TranscriptPart[];
  labels: string[];
  positive: string[];
  /** P(label) for every label, in `labels` order. */
  probabilities(spans: readonly Span[]): number[];
  /** The sentences (or lines) whose terms moved the score most toward `label` versus `against`. */
  evidence(spans: readonly Span[], label: number, against: number, limit?: number): EvidenceSpan[];
  /** Both at once, reading the text once. */
  analyze(spans: readonly Span[]): Analysis;
  /** The label index the threshold rule chooses (see choose-label.ts). */
  choose(probabilities: readonly number[], threshold?: LabelThreshold): number;
  /** Out-of-fold probabilities recorded for a training item, or null when it was not trained on. */
  outOfFold(itemId: string): number[] | null;
  /** The raw file contents. */
  data: ModelFile;
}

export async function loadLearnedModel(file: string): Promise<LearnedModel> {
  return learnedModelOf(await readModelFile(file), file);
}

export function learnedModelOf(data: ModelFile, file: string): LearnedModel {
  const columns = new Map(data.vocabulary.terms.map((term, column) => [term, column]));
  const idf = Float64Array.from(data.vocabulary.idf);
  const weights: LinearWeights = {
    labels: data.rubric.labels.length,
    weights: data.weights.rows.map((row) => Float64Array.from(row)),
    intercepts: Float64Array.from(data.weights.intercepts),
    width: data.vocabulary.terms.length,
  };
  const settings: FeatureSettings = data.features;
  const outOfFold = new Map(data.training.items.map((item, index) => [item.id, data.crossValidation.outOfFold[index]!]));
  const vectorOf = (spans: readonly Span[]) => vectorizeCounts(termCounts(spans, settings), columns, idf, settings);
  const direction = (label: number, against: number, column: number) =>
    weights.labels === 2 ? (label === 1 ? 1 : -1) * weights.weights[0]![column]! : weights.weights[label]![column]! - weights.weights[against]![column]!;
  // One pass over the terms serves both the probabilities and the evidence of a verdict.
  const analyze = (spans: readonly Span[]): Analysis => {
    const counts = termCounts(spans, settings);
    const vector = vectorizeCounts(counts, columns, idf, settings);
    return {
      probabilities: predictProbabilities(weights, vector),
      evidence(label, against, limit = 3) {
        const valueOf = new Map<number, number>();
        vector.columns.forEach((column, e) => valueOf.set(column, vector.values[e]!));
        const segments = sentencesOf(spans);
        const totals = new Float64Array(segments.length);
        // A term's contribution x·w is shared equally among its occurrences, each credited to the
        // sentence it starts in.
        visitTerms(spans, settings, (term, start) => {
          const column = columns.get(term);
          if (column === undefined) return;
          const segment = segmentAt(segments, start);
          if (segment >= 0) totals[segment]! += ((valueOf.get(column) ?? 0) * direction(label, against, column)) / counts.get(term)!;
        });
        return segments
          .map((segment, index) => ({ ...segment, weight: totals[index]! }))
          .filter((segment) => segment.weight > 0)
          .sort((a, b) => b.weight - a.weight || a.start - b.start)
          .slice(0, limit);
      },
    };
  };
  return {
    file,
    rubricId: data.rubric.id,
    reads: data.rubric.reads,
    labels: data.rubric.labels,
    positive: data.rubric.positive,
    data,
    probabilities: (spans) => predictProbabilities(weights, vectorOf(spans)),
    outOfFold: (itemId) => outOfFold.get(itemId) ?? null,
    choose(probabilities, threshold) {
      return chooseLabel({ file, labels: data.rubric.labels, positive: data.rubric.positive }, probabilities, threshold);
    },
    evidence: (spans, label, against, limit) => analyze(spans).evidence(label, against, limit),
    analyze,
  };
}

/** Sentences and lines of the spans, trimmed of white space, as offsets into the transcript text. */
function sentencesOf(spans: readonly Span[]): { start: number; end: number }[] {
  const segments: { start: number; end: number }[] = [];
  const boundary = /\n+|(?<=[.!?])\s+/g;
  for (const span of spans) {
    let from = 0;
    const push = (to: number) => {
      const piece = span.text.slice(from, to);
      const lead = piece.length - piece.trimStart().length;
      const trimmed = piece.trim();
      if (trimmed !== '') segments.push({ start: span.start + from + lead, end: span.start + from + lead + trimmed.length });
    };
    for (const match of span.text.matchAll(boundary)) {
      push(match.index);
      from = match.index + match[0].length;
    }
    push(span.text.length);
  }
  return segments;
}

function segmentAt(segments: readonly { start: number; end: number }[], offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle]!;
    if (offset < segment.start) high = middle - 1;
    else if (offset >= segment.end) low = middle + 1;
    else return middle;
  }
  return -1;
}
