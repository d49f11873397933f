import { jeffreysInterval } from '../stats/jeffreys.js';
import { designPpiMean, type DesignStratum } from '../stats/design-ppi-mean.js';
import { ppiMean } from '../stats/ppi-mean.js';
import { stratifiedProportion } from '../stats/stratified-estimate.js';
import type { AuditDesign } from '../gold/audit-block.js';

/**
 * The three estimates of one label's prevalence from an audit, as pure functions of the numbers:
 * - `classical`: the audited labels alone, design-weighted (λ = 0), Wald interval;
 * - `ppi++`: prediction-powered with tuned λ — for a random design exactly ppi_py's `ppi_mean_ci`
 *   (ppi-mean.ts), for the others the inverse-inclusion-probability estimator (design-ppi-mean.ts);
 * - `stratified`: per-stratum Jeffreys intervals combined by MOVER (stratified-estimate.ts);
 *   post-stratified for a random design; not defined for the active design, which draws with
 *   unequal probabilities inside a stratum.
 * Intervals are as computed (`raw`); the caller clips them to what the audit proves.
 */
export type AuditMethod = 'classical' | 'ppi++' | 'stratified';
const AUDIT_METHODS: readonly AuditMethod[] = ['classical', 'ppi++', 'stratified'];

export interface StratumData {
  name: string;
  size: number;
  /** Σ of the grader's score for the label over the stratum's population. */
  predictionTotal: number;
  /** Audited items with a usable consensus: y (1/0), f (score), π (inclusion probability, after nonresponse). */
  audited: { label: number; prediction: number; inclusionProbability: number }[];
  /** Scores of the stratum's items that were not audited (for the random design's ppi_py estimator). */
  unauditedPredictions: number[];
}

export type MethodEstimate =
  | { method: AuditMethod; value: number; raw: [number, number]; lambda?: number; note?: string }
  | { method: AuditMethod; value: null; reason: string; pointEstimate?: number };

export function estimateLabel(design: AuditDesign, strata: readonly StratumData[], alpha: number): MethodEstimate[] {
  return [classical(design, strata, alpha), ppiPlusPlus(design, strata, alpha), stratified(design, strata, alpha)];
}

function classical(design: AuditDesign, strata: readonly StratumData[], alpha: number): MethodEstimate {
  if (design === 'random') {
    const labels = strata.flatMap((stratum) => stratum.audited.map((item) => item.label));
    if (labels.length === 0) return { method: 'classical', value: null, reason: 'undefined because no audited item has a label' };
    const unaudited = strata.flatMap((stratum) => stratum.unauditedPredictions);
    if (unaudited.length === 0) return census('classical', strata);
    const result = ppiMean({ labels, predictions: labels, unlabeledPredictions: unaudited, lambda: 0, alpha });
    return { method: 'classical', value: result.estimate, raw: result.ci };
  }
  return fromDesign('classical', design, strata, alpha, 0);
}

function ppiPlusPlus(design: AuditDesign, strata: readonly StratumData[], alpha: number): MethodEstimate {
  if (design === 'random') {
    const audited = strata.flatMap((stratum) => stratum.audited);
    if (audited.length === 0) return { method: 'ppi++', value: null, reason: 'undefined because no audited item has a label' };
    const unaudited = strata.flatMap((stratum) => stratum.unauditedPredictions);
    if (unaudited.length === 0) return census('ppi++', strata);
    const result = ppiMean({ labels: audited.map((item) => item.label), predictions: audited.map((item) => item.prediction), unlabeledPredictions: unaudited, alpha });
    return { method: 'ppi++', value: result.estimate, raw: result.ci, lambda: result.lambda };
  }
  return fromDesign('ppi++', design, strata, alpha);
}

function fromDesign(method: AuditMethod, design: AuditDesign, strata: readonly StratumData[], alpha: number, lambda?: number): MethodEstimate {
  const designStrata: DesignStratum[] = strata.map((stratum) => ({ name: stratum.name, size: stratum.size, predictionTotal: stratum.predictionTotal, audited: stratum.audited }));
  const result = designPpiMean({ strata: designStrata, sampling: design === 'stratified' ? 'stratified' : 'unequal-probability', alpha, ...(lambda === undefined ? {} : { lambda }) });
  if (result.value === null) return { method, value: null, reason: result.reason, ...(result.pointEstimate === undefined ? {} : { pointEstimate: result.pointEstimate }) };
  return { method, value: result.value, raw: result.ci, ...(method === 'ppi++' ? { lambda: result.lambda } : {}) };
}

function stratified(design: AuditDesign, strata: readonly StratumData[], alpha: number): MethodEstimate {
  if (design === 'active') return { method: 'stratified', value: null, reason: 'undefined because the active design draws with unequal probabilities inside a stratum; use ppi++' };
  const counts = strata.map((stratum) => ({ size: stratum.size, audited: stratum.audited.length, positives: stratum.audited.reduce((sum, item) => sum + item.label, 0) }));
  const empty = strata.filter((stratum, h) => stratum.size > 0 && counts[h]!.audited === 0);
  if (empty.length > 0 && design === 'stratified') {
    return { method: 'stratified', value: null, reason: `undefined because stratum "${empty[0]!.name}" (${empty[0]!.size} items) has no audited item with a label` };
  }
  if (empty.length > 0) {
    // A random audit that missed a post-stratum: one stratum, the whole population.
    const pooled = counts.reduce((sum, count) => ({ size: sum.size + count.size, audited: sum.audited + count.audited, positives: sum.positives + count.positives }), { size: 0, audited: 0, positives: 0 });
    if (pooled.audited === 0) return { method: 'stratified', value: null, reason: 'undefined because no audited item has a label' };
    const result = stratifiedProportion([pooled], 1 - alpha);
    return { method: 'stratified', value: result.estimate, raw: result.interval, note: `not post-stratified: ${empty.length} stratum(s) have no audited item` };
  }
  const result = stratifiedProportion(counts, 1 - alpha);
  return { method: 'stratified', value: result.estimate, raw: result.interval, ...(design === 'random' ? { note: 'post-stratified by the grader’s strata' } : {}) };
}

function census(method: AuditMethod, strata: readonly StratumData[]): MethodEstimate {
  const audited = strata.flatMap((stratum) => stratum.audited);
  const value = audited.reduce((sum, item) => sum + item.label, 0) / audited.length;
  return { method, value, raw: [value, value], note: 'every item was audited' };
}

/**
 * How many simple-random human labels this audit is worth: the smallest n for which a random audit
 * of n items that sees the expected p̂·n positives (rounded) would get a Jeffreys interval no wider
 * than this estimate's interval. Measured against an honest interval rather than a variance, so an
 * audit that sees no positive is not credited with the zero variance a Wald formula would give it;
 * with many events it is close to p̂(1−p̂)/V̂. Found by bisection over n ≤ N.
 */
export function effectiveSampleSize(estimate: MethodEstimate, alpha: number, population: number): { value: number } | { value: null; reason: string } {
  if (estimate.value === null) return { value: null, reason: estimate.reason };
  const width = estimate.raw[1] - estimate.raw[0];
  if (!(width > 0)) return { value: null, reason: 'undefined because the interval has no width (every item that matters was audited, or a Wald interval saw no variation)' };
  const p = estimate.value;
  const randomWidth = (n: number) => {
    const { lower, upper } = jeffreysInterval(Math.min(n, Math.max(0, Math.round(p * n))), n, 1 - alpha);
    return (upper - lower) * Math.sqrt(Math.max(0, 1 - n / population));
  };
  if (randomWidth(population) > width) return { value: population };
  let low = 1;
  let high = population;
  if (randomWidth(low) <= width) return { value: 1 };
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (randomWidth(mid) <= width) high = mid;
    else low = mid;
  }
  return { value: high };
}

/**
 * A count interval clipped to what the audit proves: at least the positives seen, at most N minus
 * the negatives seen (the raw interval is kept beside it).
 */
export function countBounds(raw: readonly [number, number], population: number, positivesSeen: number, negativesSeen: number): [number, number] {
  return [Math.max(positivesSeen, raw[0] * population), Math.min(population - negativesSeen, raw[1] * population)];
}
