/**
 * The cross-validation figures `tgrade train` reports, computed with the project's own statistics
 * (src/stats): ROC AUC (Hanley & McNeil 1982; one-vs-rest, macro-averaged over labels, for more
 * than two labels — Provost & Domingos 2000's unweighted variant), Cohen's κ and macro-F1 of the
 * predicted labels (argmax of the probabilities).
 *   value   — the mean over repeats of the figure on that repeat's out-of-fold scores;
 *   repeats — its min and max over repeats (how much the fold split moves it);
 *   ci95    — a percentile bootstrap over items of the figure on the out-of-fold scores averaged
 *             over repeats. It covers the sampling of items, not the variance of training on a
 *             different sample (no CV interval does, Bengio & Grandvalet 2004), so read it as a
 *             lower bound on the uncertainty.
 */
import { allIndices, bootstrapInterval, confusionReport, rocAuc, type StatisticBootstrapOptions } from '../stats/index.js';

interface CvFigure {
  value: number | null;
  /** Why the figure is undefined, when it is. */
  reason?: string;
  repeats?: { min: number; max: number };
  ci95?: [number, number];
  ciNote?: string;
}

export interface CvFigures {
  rocAuc: CvFigure;
  kappa: CvFigure;
  macroF1: CvFigure;
}

export function cvFigures(
  perRepeat: readonly (readonly (ArrayLike<number>)[])[],
  averaged: readonly (readonly number[])[],
  labels: Int32Array,
  labelNames: readonly string[],
  positive: readonly number[],
  bootstrap: StatisticBootstrapOptions,
): CvFigures {
  const reference = Array.from(labels, (label) => labelNames[label]!);
  const argmaxNames = (scores: readonly ArrayLike<number>[]) => scores.map((p) => labelNames[argmax(p)]!);
  const aucOf = (scores: readonly ArrayLike<number>[], withInterval: boolean) => areaUnderCurve(scores, labels, labelNames.length, positive, withInterval ? bootstrap : undefined);
  const confusionOf = (scores: readonly ArrayLike<number>[], withInterval: boolean) =>
    withInterval
      ? confusionReport({ reference, predicted: argmaxNames(scores) }, { labels: labelNames, bootstrap })
      : confusionReport({ reference, predicted: argmaxNames(scores) }, { labels: labelNames });
  const repeatAuc = perRepeat.map((scores) => aucOf(scores, false).value);
  const repeatConfusion = perRepeat.map((scores) => confusionOf(scores, false));
  const pooledAuc = aucOf(averaged, true);
  const pooledConfusion = confusionOf(averaged, true);
  return {
    rocAuc: figure(repeatAuc, pooledAuc),
    kappa: figure(repeatConfusion.map((report) => report.kappa.value), pooledConfusion.kappa),
    macroF1: figure(repeatConfusion.map((report) => report.macroF1.value), pooledConfusion.macroF1),
  };
}

type Pooled = { value: number | null; reason?: string; ci95?: [number, number] };

function figure(perRepeat: readonly (number | null)[], pooled: Pooled): CvFigure {
  const defined = perRepeat.filter((value): value is number => value !== null);
  if (defined.length === 0) return { value: null, reason: pooled.reason ?? 'undefined because it is undefined on every repeat' };
  const result: CvFigure = { value: defined.reduce((sum, value) => sum + value, 0) / defined.length, repeats: { min: Math.min(...defined), max: Math.max(...defined) } };
  if (pooled.ci95 !== undefined) result.ci95 = pooled.ci95;
  else if (pooled.reason !== undefined) result.ciNote = pooled.reason;
  if (defined.length < perRepeat.length) result.ciNote = `undefined on ${perRepeat.length - defined.length} of ${perRepeat.length} repeats; the mean is over the rest`;
  return result;
}

/** Binary: AUC of P(positive labels). More labels: mean one-vs-rest AUC over labels that occur. */
function areaUnderCurve(
  scores: readonly ArrayLike<number>[],
  labels: Int32Array,
  labelCount: number,
  positive: readonly number[],
  bootstrap: StatisticBootstrapOptions | undefined,
): Pooled {
  const options = bootstrap === undefined ? {} : { bootstrap };
  if (labelCount === 2) {
    const score = scores.map((p) => positive.reduce((sum, k) => sum + p[k]!, 0));
    return rocAuc(score, Array.from(labels, (label) => positive.includes(label)), options);
  }
  // Macro one-vs-rest AUC on the items at `indices` (with repeats): the bootstrap resamples items.
  const macro = (indices: ArrayLike<number>): number | null => {
    const values: number[] = [];
    for (let k = 0; k < labelCount; k++) {
      const auc = rocAuc(Array.from(indices, (i) => scores[i]![k]!), Array.from(indices, (i) => labels[i] === k));
      if (auc.value !== null) values.push(auc.value);
    }
    return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  const point = macro(allIndices(labels.length));
  if (point === null) return { value: null, reason: 'undefined because no label has both members and non-members' };
  if (bootstrap === undefined) return { value: point };
  const interval = bootstrapInterval(labels.length, macro, { ...bootstrap, confidence: 0.95 });
  return interval.ok ? { value: point, ci95: interval.interval } : { value: point, reason: interval.reason };
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! > values[best]!) best = k;
  return best;
}
