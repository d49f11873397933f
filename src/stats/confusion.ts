/**
 * A grader against a reference (e.g. the human consensus): confusion matrix and the per-class and
 * overall scores derived from it (definitions as in Sokolova & Lapalme 2009, "A systematic analysis
 * of performance measures for classification tasks", Information Processing & Management 45:427).
 *   precision_k = TP/(TP+FP),  recall_k = TP/(TP+FN)  — proportions, so exact Clopper–Pearson intervals
 *   F1_k = 2TP/(2TP+FP+FN);  macro-F1 = mean F1_k over labels that occur in the reference or the
 *   predictions (a label nobody used has no F1, rather than a conventional 0 or 1)
 *   accuracy = Σ_k TP_k / n (Clopper–Pearson);  κ = Cohen's κ of the matrix (chance-corrected accuracy)
 * F1, macro-F1 and κ are not proportions; their intervals are bootstrapped over items on request.
 * Pairs where either side is null (no consensus, grader error) are skipped and counted, never a class.
 */
import { RatingsInputError } from './input-error.js';
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { clopperPearson } from './clopper-pearson.js';
import { kappaOfCounts } from './cohen-kappa.js';
import { sortedLabels } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic } from './result.js';
import { contingencyOn } from './two-raters.js';
import { agreementWeights, type WeightOptions } from './weights.js';

export interface LabelPairs {
  reference: readonly (string | null)[];
  predicted: readonly (string | null)[];
}

export interface ConfusionMatrix {
  labels: string[];
  /** matrix[reference][predicted], indices into labels. */
  matrix: number[][];
  /** Items with both a reference and a predicted label. */
  compared: number;
  /** Items where either side is null. */
  skipped: number;
}

export interface ClassScores<S> {
  label: string;
  /** Items whose reference label is this one. */
  support: number;
  predictedCount: number;
  truePositives: number;
  precision: Statistic;
  recall: Statistic;
  f1: S;
}

export interface ConfusionReport<S> extends ConfusionMatrix {
  accuracy: Statistic;
  kappa: S & AgreementComponents;
  macroF1: S;
  classes: ClassScores<S>[];
}

export interface ConfusionOptions {
  /** Label order; default: the sorted union of both sides. */
  labels?: readonly string[];
  /** Weights for κ (ordered labels). */
  kappaWeights?: WeightOptions;
  bootstrap?: StatisticBootstrapOptions;
}

export function confusionMatrix(pairs: LabelPairs, labels?: readonly string[]): ConfusionMatrix {
  return fromCodes(pairCodesOf(pairs, labels));
}

export function confusionReport(pairs: LabelPairs, options: ConfusionOptions & { bootstrap: StatisticBootstrapOptions }): ConfusionReport<Statistic>;
export function confusionReport(pairs: LabelPairs, options?: ConfusionOptions): ConfusionReport<Estimate>;
export function confusionReport(pairs: LabelPairs, options: ConfusionOptions = {}): ConfusionReport<Estimate | Statistic> {
  const coded = pairCodesOf(pairs, options.labels);
  const { labels, codes } = coded;
  const K = labels.length;
  const weights = agreementWeights(options.kappaWeights?.weights ?? 'unweighted', K, options.kappaWeights?.values);
  const onIndices = <E extends Estimate>(metric: (counts: Float64Array) => E) =>
    estimateWithBootstrap(codes.length, (indices) => metric(contingencyOn(codes, K, indices)), options.bootstrap);
  const base = fromCodes(coded);
  const correct = labels.reduce((sum, _, k) => sum + base.matrix[k]![k]!, 0);
  return {
    ...base,
    accuracy: proportion(correct, base.compared, 'no item has both a reference and a predicted label'),
    kappa: onIndices((counts) => kappaOfCounts(counts, K, weights)),
    macroF1: onIndices((counts) => macroF1Of(counts, K)),
    classes: labels.map((label, k) => {
      const support = base.matrix[k]!.reduce((sum, count) => sum + count, 0);
      const predictedCount = base.matrix.reduce((sum, row) => sum + row[k]!, 0);
      const truePositives = base.matrix[k]![k]!;
      return {
        label,
        support,
        predictedCount,
        truePositives,
        precision: proportion(truePositives, predictedCount, `the grader never predicted "${label}"`),
        recall: proportion(truePositives, support, `the reference never has "${label}"`),
        f1: onIndices((counts) => f1Of(counts, K, k)),
      };
    }),
  };
}

function proportion(successes: number, trials: number, whyUndefined: string): Statistic {
  if (trials === 0) return undefinedBecause(whyUndefined);
  const { lower, upper } = clopperPearson(successes, trials);
  return { value: successes / trials, ci95: [lower, upper], interval: { method: 'clopper-pearson', successes, trials } };
}

function f1Of(counts: Float64Array, K: number, k: number): Estimate {
  const truePositives = counts[k * K + k]!;
  let referenceCount = 0;
  let predictedCount = 0;
  for (let j = 0; j < K; j++) {
    referenceCount += counts[k * K + j]!;
    predictedCount += counts[j * K + k]!;
  }
  const denominator = referenceCount + predictedCount;
  return denominator === 0 ? undefinedBecause('the label occurs in neither the reference nor the predictions') : { value: (2 * truePositives) / denominator };
}

function macroF1Of(counts: Float64Array, K: number): Estimate {
  let sum = 0;
  let used = 0;
  for (let k = 0; k < K; k++) {
    const f1 = f1Of(counts, K, k);
    if (f1.value === null) continue;
    sum += f1.value;
    used++;
  }
  return used === 0 ? undefinedBecause('no item has both a reference and a predicted label') : { value: sum / used };
}

interface CodedPairs {
  labels: string[];
  /** reference·K + predicted for each compared item. */
  codes: Int32Array;
  skipped: number;
}

function pairCodesOf({ reference, predicted }: LabelPairs, labelOrder?: readonly string[]): CodedPairs {
  if (reference.length !== predicted.length) {
    throw new RatingsInputError(`reference has ${reference.length} labels but predicted has ${predicted.length}; pass one of each per item`);
  }
  const labels = labelOrder === undefined ? sortedLabels([...reference, ...predicted]) : [...labelOrder];
  const index = new Map(labels.map((label, k) => [label, k]));
  const lookup = (label: string, side: string) => {
    const k = index.get(label);
    if (k === undefined) {
      throw new RatingsInputError(`${side} label "${label}" is not one of the labels (${labels.join(', ')})`);
    }
    return k;
  };
  const codes: number[] = [];
  let skipped = 0;
  reference.forEach((ref, i) => {
    const pred = predicted[i];
    if (ref === null || pred === null || pred === undefined) {
      skipped++;
      return;
    }
    codes.push(lookup(ref, 'reference') * labels.length + lookup(pred, 'predicted'));
  });
  return { labels, codes: Int32Array.from(codes), skipped };
}

function fromCodes({ labels, codes, skipped }: CodedPairs): ConfusionMatrix {
  const K = labels.length;
  const matrix = labels.map(() => new Array<number>(K).fill(0));
  for (const code of codes) matrix[Math.floor(code / K)]![code % K]!++;
  return { labels, matrix, compared: codes.length, skipped };
}
