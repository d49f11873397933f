/**
 * ROC analysis of a score (e.g. a grader's probability) against a binary reference.
 * AUC is the Mann–Whitney probability that a random positive outscores a random negative, ties
 * counting ½ (Hanley & McNeil 1982, "The meaning and use of the area under a ROC curve", Radiology
 * 143:29–36):  AUC = Σ_pos Σ_neg ([s_p > s_n] + ½[s_p = s_n]) / (P·N),
 * which equals the trapezoidal area under the empirical ROC curve. It is computed in one pass over
 * the items sorted once by score, with item multiplicities, so a bootstrap resample costs O(n).
 * Thresholds follow "predict positive when score ≥ threshold"; the curve starts at threshold +∞
 * (nothing predicted positive) and visits every distinct score from the highest down.
 */
import { RatingsInputError } from './input-error.js';
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { kappaOfCounts } from './cohen-kappa.js';
import { undefinedBecause, type Estimate, type Statistic } from './result.js';

export interface RocPoint {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  truePositiveRate: number;
  falsePositiveRate: number;
  /** null when nothing is predicted positive. */
  precision: number | null;
}

export interface RocAucOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export function rocAuc(scores: readonly number[], positives: readonly boolean[], options: RocAucOptions & { bootstrap: StatisticBootstrapOptions }): Statistic;
export function rocAuc(scores: readonly number[], positives: readonly boolean[], options?: RocAucOptions): Estimate;
export function rocAuc(scores: readonly number[], positives: readonly boolean[], options: RocAucOptions = {}): Estimate | Statistic {
  checkInput(scores, positives);
  const order = Int32Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]!);
  const multiplicity = new Float64Array(scores.length);
  return estimateWithBootstrap(
    scores.length,
    (indices) => {
      multiplicity.fill(0);
      for (const i of indices) multiplicity[i]!++;
      return aucFromSorted(scores, positives, order, multiplicity);
    },
    options.bootstrap,
  );
}

function aucFromSorted(scores: readonly number[], positives: readonly boolean[], order: Int32Array, multiplicity: Float64Array): Estimate {
  let negativesBelow = 0;
  let pairsWon = 0;
  let positiveTotal = 0;
  for (let start = 0; start < order.length; ) {
    const score = scores[order[start]!]!;
    let positivesHere = 0;
    let negativesHere = 0;
    let end = start;
    for (; end < order.length && scores[order[end]!] === score; end++) {
      const i = order[end]!;
      if (positives[i]) positivesHere += multiplicity[i]!;
      else negativesHere += multiplicity[i]!;
    }
    pairsWon += positivesHere * (negativesBelow + negativesHere / 2);
    negativesBelow += negativesHere;
    positiveTotal += positivesHere;
    start = end;
  }
  if (positiveTotal === 0 || negativesBelow === 0) {
    return undefinedBecause(`the sample has ${positiveTotal === 0 ? 'no positive' : 'no negative'} items, so no positive–negative pair can be ranked`);
  }
  return { value: pairsWon / (positiveTotal * negativesBelow) };
}

/** The empirical ROC curve: one point per distinct score, from threshold +∞ down to the lowest score. */
export function rocCurve(scores: readonly number[], positives: readonly boolean[]): RocPoint[] {
  checkInput(scores, positives);
  const order = Int32Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const positiveTotal = positives.filter(Boolean).length;
  const negativeTotal = positives.length - positiveTotal;
  const point = (threshold: number, truePositives: number, falsePositives: number): RocPoint => ({
    threshold,
    truePositives,
    falsePositives,
    trueNegatives: negativeTotal - falsePositives,
    falseNegatives: positiveTotal - truePositives,
    truePositiveRate: positiveTotal === 0 ? 0 : truePositives / positiveTotal,
    falsePositiveRate: negativeTotal === 0 ? 0 : falsePositives / negativeTotal,
    precision: truePositives + falsePositives === 0 ? null : truePositives / (truePositives + falsePositives),
  });
  const points = [point(Number.POSITIVE_INFINITY, 0, 0)];
  let truePositives = 0;
  let falsePositives = 0;
  for (let start = 0; start < order.length; ) {
    const threshold = scores[order[start]!]!;
    let end = start;
    for (; end < order.length && scores[order[end]!] === threshold; end++) {
      if (positives[order[end]!]) truePositives++;
      else falsePositives++;
    }
    points.push(point(threshold, truePositives, falsePositives));
    start = end;
  }
  return points;
}

/**
 * The threshold whose 2 × 2 table (score ≥ threshold vs. reference) has the highest Cohen's κ; among
 * equal κ the highest threshold wins. null when κ is undefined at every threshold.
 */
export function thresholdMaximizingKappa(scores: readonly number[], positives: readonly boolean[]): (RocPoint & { kappa: number }) | null {
  const identity = [
    [1, 0],
    [0, 1],
  ];
  let best: (RocPoint & { kappa: number }) | null = null;
  for (const point of rocCurve(scores, positives)) {
    // Rows: reference positive/negative; columns: predicted positive/negative.
    const counts = Float64Array.of(point.truePositives, point.falseNegatives, point.falsePositives, point.trueNegatives);
    const kappa = kappaOfCounts(counts, 2, identity).value;
    if (kappa !== null && (best === null || kappa > best.kappa)) best = { ...point, kappa };
  }
  return best;
}

/**
 * The lowest threshold (so the highest recall) at which precision is at least `targetPrecision`.
 * Precision is not monotone in the threshold, so every point is checked. null when none reaches it.
 */
export function lowestThresholdForPrecision(scores: readonly number[], positives: readonly boolean[], targetPrecision: number): RocPoint | null {
  if (!(targetPrecision >= 0 && targetPrecision <= 1)) throw new RangeError(`targetPrecision must be in [0, 1], got ${targetPrecision}`);
  let lowest: RocPoint | null = null;
  for (const point of rocCurve(scores, positives)) {
    if (point.precision !== null && point.precision >= targetPrecision) lowest = point;
  }
  return lowest;
}

function checkInput(scores: readonly number[], positives: readonly boolean[]): void {
  if (scores.length !== positives.length) {
    throw new RatingsInputError(`got ${scores.length} scores but ${positives.length} reference labels; pass one of each per item`);
  }
  const bad = scores.findIndex((score) => !Number.isFinite(score));
  if (bad >= 0) throw new RatingsInputError(`score ${bad} is ${scores[bad]}, not a finite number`);
}
