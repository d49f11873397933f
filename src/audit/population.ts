import type { ResultRecord } from '../grading/verdict.js';

/**
 * The grader's prediction for every item of the audited population, defined once here and used by
 * the plan (strata, allocation) and the estimate (the Ŷ of prediction-powered inference):
 * - a labelled verdict predicts its label. Its score for a label ℓ is the record's per-label
 *   `scores[ℓ]` when it has them (0 for a label missing there); otherwise its `confidence` for the
 *   chosen label (1 without one) and 0 for every other label — a confidence belongs to the chosen
 *   label only;
 * - an abstention, an error, and an item the grader has no record for (a `when` gate kept it out,
 *   or it was never graded) predict nothing: each forms its own stratum, and where a single score
 *   is needed it is 0 for every label (so a gated-out item counts as predicted negative).
 */
type PopulationStatus = 'ok' | 'abstained' | 'errored' | 'gated-out';

export interface PopulationItem {
  item: string;
  status: PopulationStatus;
  label: string | null;
  confidence?: number;
  scores?: Readonly<Record<string, number>>;
}

export function populationItem(item: string, record: ResultRecord | undefined): PopulationItem {
  if (record === undefined) return { item, status: 'gated-out', label: null };
  if (record.status === 'error') return { item, status: 'errored', label: null };
  if (record.status !== 'ok' || record.label === null) return { item, status: 'abstained', label: null };
  return {
    item,
    status: 'ok',
    label: record.label,
    ...(record.confidence === undefined ? {} : { confidence: record.confidence }),
    ...(record.scores === undefined || Object.keys(record.scores).length === 0 ? {} : { scores: record.scores }),
  };
}

/** The grader's score for one label: see the module comment. */
export function predictionScore(item: PopulationItem, label: string): number {
  if (item.status !== 'ok') return 0;
  if (item.scores !== undefined) return clip01(item.scores[label] ?? 0);
  return item.label === label ? clip01(item.confidence ?? 1) : 0;
}

/** The score for "any positive label": the sum of the positive labels' scores, at most 1. */
export function positivePredictionScore(item: PopulationItem, positive: ReadonlySet<string>): number {
  let total = 0;
  for (const label of positive) total += predictionScore(item, label);
  return clip01(total);
}

/** True when the grader graded the item with a graded confidence (per-label scores or a confidence). */
export function hasGradedConfidence(item: PopulationItem): boolean {
  return item.status === 'ok' && (item.scores !== undefined || item.confidence !== undefined);
}

/** The text for `--help` and the README. */
export const PREDICTION_DEFINITION =
  "The grader's prediction for an item is its verdict's label; its score for a label is the record's per-label `scores` where it has them, else its `confidence` for the chosen label (1 without one) and 0 for the other labels. Abstained, errored and gated-out items (no record from the grader: kept out by a `when` gate, or never graded) form their own strata and score 0 for every label.";

function clip01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
