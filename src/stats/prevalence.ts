/**
 * How common each label really is in a run, correcting the grader's labels for its measured errors.
 * - Two labels: Rogan & Gladen (1978, "Estimating prevalence from the results of a screening test",
 *   Am. J. Epidemiol. 107:71–76):  π = (p_obs + spec − 1) / (sens + spec − 1), clipped to [0, 1];
 *   undefined when sens + spec ≤ 1, where the grader carries no information about the truth.
 * - More labels: the misclassification-matrix method ("adjusted classify and count", Forman 2008,
 *   "Quantifying counts and costs via classification", Data Min. Knowl. Disc. 17:164–206): with
 *   C[t][p] = P(predicted p | true t) from the gold set and q the run's predicted shares, solve
 *   Cᵀπ = q (Gaussian elimination, partial pivoting), clip negatives to 0 and renormalize.
 *   With two labels this is exactly Rogan–Gladen.
 * Interval: nonparametric bootstrap that resamples BOTH the run's items and the gold set's items
 * (independently, each with replacement), because sens/spec come from a small gold set whose
 * sampling error usually dominates; resampling only the run would make intervals far too narrow.
 * The interval is never narrower than the run alone allows: it always contains the exact
 * (Clopper–Pearson) interval of the observed share mapped through the correction at the measured
 * sensitivity/specificity (one label against the rest) — the interval the estimate would have if
 * the grader's errors were known exactly. Without this floor a run of 1 item and a gold set the
 * grader got all right gave "100% (95% CI 100%–100%)": every resample repeats the one item.
 *
 * Clipping: an estimate outside [0, 1] is clipped, which biases the estimator upward near 0 (and
 * downward near 1): at a true prevalence of 2% with a gold set of 100, a third of the estimates
 * are negative and clipped to 0, and their mean is +57% too high. `unclipped` keeps the raw
 * solution (it sums to 1 across labels), so a reader can average or pool without that bias.
 */
import { RatingsInputError } from './input-error.js';
import { bootstrapSettings, percentileInterval, withInterval, type BootstrapInterval, type StatisticBootstrapOptions } from './bootstrap.js';
import { clopperPearson } from './clopper-pearson.js';
import type { LabelPairs } from './confusion.js';
import { randomIndex, seededRandom } from './random.js';
import { sortedLabels } from './ratings.js';
import { undefinedBecause, type Estimate, type Statistic, type UndefinedStatistic } from './result.js';

/** The clipped estimate as `value`, and the raw one as `unclipped` (outside [0, 1] when clipped). */
export function roganGladen(observedPositiveRate: number, sensitivity: number, specificity: number): ({ value: number; unclipped: number }) | UndefinedStatistic {
  for (const [name, value] of Object.entries({ observedPositiveRate, sensitivity, specificity })) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a proportion in [0, 1], got ${value}`);
  }
  const youden = sensitivity + specificity - 1;
  if (youden <= 0) {
    return undefinedBecause(`sensitivity + specificity = ${(youden + 1).toFixed(3)} ≤ 1, so the grader's labels carry no information about the true prevalence`);
  }
  const unclipped = (observedPositiveRate + specificity - 1) / youden;
  return { value: Math.min(1, Math.max(0, unclipped)), unclipped };
}

export interface PrevalenceInput {
  /** Label order; default the sorted labels seen in the run and the gold set. */
  labels?: readonly string[];
  /** The grader's label for each item of the run (null = no label, left out). */
  predictions: readonly (string | null)[];
  /** The gold set: reference and grader label per item (pairs with a null are left out). */
  gold: LabelPairs;
}

export interface PrevalenceEstimate<S> {
  labels: string[];
  /** Share of the run's labelled items the grader put in each label. */
  observed: number[];
  corrected: S[];
  /** The solution before clipping to [0, 1] (null where undefined); differs from `corrected` only when clipped. */
  unclipped: (number | null)[];
  runItems: number;
  goldItems: number;
}

export function correctedPrevalence(input: PrevalenceInput, options: { bootstrap: StatisticBootstrapOptions }): PrevalenceEstimate<Statistic>;
export function correctedPrevalence(input: PrevalenceInput, options?: { bootstrap?: StatisticBootstrapOptions }): PrevalenceEstimate<Estimate>;
export function correctedPrevalence(
  input: PrevalenceInput,
  options: { bootstrap?: StatisticBootstrapOptions } = {},
): PrevalenceEstimate<Estimate | Statistic> {
  const labels = input.labels === undefined ? sortedLabels([...input.predictions, ...input.gold.reference, ...input.gold.predicted]) : [...input.labels];
  const K = labels.length;
  const index = new Map(labels.map((label, k) => [label, k]));
  const code = (label: string, where: string) => {
    const k = index.get(label);
    if (k === undefined) {
      throw new RatingsInputError(`${where} label "${label}" is not one of the labels (${labels.join(', ')})`);
    }
    return k;
  };
  const run = Int32Array.from(input.predictions.filter((label): label is string => label !== null), (label) => code(label, 'run'));
  const { reference, predicted } = input.gold;
  if (reference.length !== predicted.length) {
    throw new RatingsInputError(`the gold set has ${reference.length} reference labels but ${predicted.length} grader labels`);
  }
  const gold = Int32Array.from(
    reference.flatMap((ref, i) => {
      const pred = predicted[i];
      return ref === null || pred === null || pred === undefined ? [] : [code(ref, 'gold reference') * K + code(pred, 'gold grader')];
    }),
  );
  const runCounts = new Float64Array(K);
  for (const k of run) runCounts[k]!++;
  const goldCounts = new Float64Array(K * K);
  for (const c of gold) goldCounts[c]!++;
  const observed = Array.from(runCounts, (count) => (run.length === 0 ? 0 : count / run.length));
  const solved = solvePrevalence(runCounts, goldCounts, labels);
  const base = { labels, observed, runItems: run.length, goldItems: gold.length };
  if (typeof solved === 'string') return { ...base, corrected: labels.map(() => undefinedBecause(solved)), unclipped: labels.map(() => null) };
  const { point, unclipped } = solved;
  const withUnclipped = { ...base, unclipped: Array.from(unclipped) };
  if (options.bootstrap === undefined) return { ...withUnclipped, corrected: Array.from(point, (value) => ({ value })) };
  const floors = labels.map((_, k) => exactFloor(k, runCounts, goldCounts, K));
  return { ...withUnclipped, corrected: bootstrapPrevalence(point, run, gold, labels, options.bootstrap, floors) };
}

/**
 * The Clopper–Pearson interval of label k's observed share in the run, corrected one-vs-rest
 * (Rogan–Gladen) at the gold set's point sensitivity and specificity for k; null when that
 * correction is undefined.
 */
function exactFloor(k: number, runCounts: Float64Array, goldCounts: Float64Array, K: number): [number, number] | null {
  const runTotal = runCounts.reduce((sum, count) => sum + count, 0);
  let truePositives = 0;
  let positives = 0;
  let falsePositives = 0;
  let negatives = 0;
  for (let t = 0; t < K; t++) {
    for (let p = 0; p < K; p++) {
      const count = goldCounts[t * K + p]!;
      if (t === k) {
        positives += count;
        if (p === k) truePositives += count;
      } else {
        negatives += count;
        if (p === k) falsePositives += count;
      }
    }
  }
  if (positives === 0 || negatives === 0 || runTotal === 0) return null;
  const { lower, upper } = clopperPearson(runCounts[k]!, runTotal);
  const low = roganGladen(lower, truePositives / positives, 1 - falsePositives / negatives);
  const high = roganGladen(upper, truePositives / positives, 1 - falsePositives / negatives);
  return low.value === null || high.value === null ? null : [low.value, high.value];
}

/** The bootstrap interval widened to contain the exact floor. */
function atLeastFloor(interval: BootstrapInterval, floor: [number, number] | null): BootstrapInterval {
  if (!interval.ok) return interval;
  if (floor === null) {
    if (interval.interval[0] < interval.interval[1]) return interval;
    const { resamples, undefinedResamples, seed } = interval;
    return { ok: false, reason: 'undefined because every bootstrap resample gave the same value and no exact interval applies, so the interval would be a point', resamples, undefinedResamples, seed };
  }
  const [low, high] = interval.interval;
  if (low <= floor[0] && high >= floor[1]) return interval;
  const note = `widened to the exact interval of the run's observed share at the measured sensitivity/specificity (${floor[0].toFixed(3)}–${floor[1].toFixed(3)}): the bootstrap alone was narrower than the data allow`;
  return { ...interval, interval: [Math.min(low, floor[0]), Math.max(high, floor[1])], warning: interval.warning === undefined ? note : `${interval.warning}; ${note}` };
}

function bootstrapPrevalence(
  point: Float64Array,
  run: Int32Array,
  gold: Int32Array,
  labels: string[],
  options: StatisticBootstrapOptions,
  floors: ([number, number] | null)[],
): Statistic[] {
  const K = labels.length;
  // A zero-width bootstrap is allowed here because the exact floor below widens it.
  const settings = bootstrapSettings({ ...options, confidence: 0.95, allowZeroWidth: true });
  const random = seededRandom(settings.seed);
  const draws: number[][] = labels.map(() => []);
  const runCounts = new Float64Array(K);
  const goldCounts = new Float64Array(K * K);
  for (let b = 0; b < settings.resamples; b++) {
    runCounts.fill(0);
    goldCounts.fill(0);
    for (let i = 0; i < run.length; i++) runCounts[run[randomIndex(random, run.length)]!]!++;
    for (let i = 0; i < gold.length; i++) goldCounts[gold[randomIndex(random, gold.length)]!]!++;
    const solved = solvePrevalence(runCounts, goldCounts, labels);
    if (typeof solved !== 'string') solved.point.forEach((value, k) => draws[k]!.push(value));
  }
  return Array.from(point, (value, k) => withInterval({ value }, atLeastFloor(percentileInterval(draws[k]!, settings), floors[k]!)));
}

/** π from run counts and gold counts[t·K + p] (clipped, and before clipping), or the reason it is undefined. */
function solvePrevalence(runCounts: Float64Array, goldCounts: Float64Array, labels: readonly string[]): { point: Float64Array; unclipped: Float64Array } | string {
  const K = labels.length;
  const runTotal = runCounts.reduce((sum, count) => sum + count, 0);
  if (runTotal === 0) return 'the run has no labelled items';
  if (K < 2) return 'there is only one label';
  // C[t][p] = P(predicted p | true t)
  const C: number[][] = [];
  for (let t = 0; t < K; t++) {
    const row = Array.from(goldCounts.subarray(t * K, (t + 1) * K));
    const rowTotal = row.reduce((sum, count) => sum + count, 0);
    if (rowTotal === 0) return `the gold set has no item whose reference label is "${labels[t]}", so the grader's errors on it are unknown`;
    C.push(row.map((count) => count / rowTotal));
  }
  if (K === 2) {
    const estimate = roganGladen(runCounts[1]! / runTotal, C[1]![1]!, C[0]![0]!);
    if (estimate.value === null) return estimate.reason.replace(/^undefined because /, '');
    return { point: Float64Array.of(1 - estimate.value, estimate.value), unclipped: Float64Array.of(1 - estimate.unclipped, estimate.unclipped) };
  }
  // Solve Cᵀ π = q.
  const system = Array.from({ length: K }, (_, p) => [...C.map((row) => row[p]!), runCounts[p]! / runTotal]);
  const solution = solveLinear(system);
  if (solution === null) return "the grader's confusion matrix on the gold set is singular, so true and predicted shares cannot be told apart";
  const clipped = solution.map((value) => Math.max(0, value));
  const sum = clipped.reduce((total, value) => total + value, 0);
  if (sum === 0) return 'every corrected share is ≤ 0';
  return { point: Float64Array.from(clipped, (value) => value / sum), unclipped: Float64Array.from(solution) };
}

/** Gaussian elimination with partial pivoting on an augmented K × (K+1) matrix; null when singular. */
function solveLinear(augmented: number[][]): number[] | null {
  const K = augmented.length;
  const a = augmented.map((row) => [...row]);
  for (let col = 0; col < K; col++) {
    let pivot = col;
    for (let row = col + 1; row < K; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pivotRow = a[col]!;
    for (let row = 0; row < K; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / pivotRow[col]!;
      for (let j = col; j <= K; j++) a[row]![j]! -= factor * pivotRow[j]!;
    }
  }
  return a.map((row, i) => row[K]! / row[i]!);
}
