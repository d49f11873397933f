/**
 * Krippendorff's α by the coincidence-matrix method (K. Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability", Annenberg School for Communication, UPenn,
 * repository.upenn.edu/asc_papers/43), which handles any number of raters and missing ratings.
 * Only items with m_u ≥ 2 ratings are pairable. With n_uc = ratings of item u in value c:
 *   o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1),   n_c = Σ_k o_ck,   n = Σ_c n_c
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
 * with the difference functions δ²: nominal [c ≠ k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
 * in label order; interval (v_c − v_k)²; ratio ((v_c − v_k)/(v_c + v_k))².
 * Each item's coincidences are stored once (sparsely), so a bootstrap resample only adds them up.
 * The item bootstrap here is the ordinary nonparametric one, not Hayes & Krippendorff's (2007)
 * resampling of pairable values.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { NO_PAIRS } from './multi-rater.js';
import { itemLabelCounts, type RatingTable } from './ratings.js';
import { undefinedBecause, type Estimate, type Statistic } from './result.js';
import { labelValues } from './weights.js';

export type KrippendorffLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface KrippendorffOptions {
  /** Default 'nominal'. */
  level?: KrippendorffLevel;
  /**
   * Numeric value of each label (interval, ratio). Interval defaults to 0, 1, 2, … (equal spacing in
   * label order); ratio needs true values, so it defaults to the labels read as numbers and is
   * undefined when they are not numbers.
   */
  values?: readonly number[];
  bootstrap?: StatisticBootstrapOptions;
}

interface Coincidences {
  nItems: number;
  nLabels: number;
  /** Item u's entries are offsets[u] … offsets[u+1]−1 of cellIndex (c·K + k) and cellValue. */
  offsets: Int32Array;
  cellIndex: Int32Array;
  cellValue: Float64Array;
}

export function krippendorffAlpha(table: RatingTable, options: KrippendorffOptions & { bootstrap: StatisticBootstrapOptions }): Statistic;
export function krippendorffAlpha(table: RatingTable, options?: KrippendorffOptions): Estimate;
export function krippendorffAlpha(table: RatingTable, options: KrippendorffOptions = {}): Estimate | Statistic {
  const level = options.level ?? 'nominal';
  const nLabels = table.labels.length;
  let values: number[];
  if (level === 'ratio' && options.values === undefined) {
    values = table.labels.map(Number);
    if (table.labels.some((label, k) => label.trim() === '' || !Number.isFinite(values[k]))) {
      return undefinedBecause('the ratio level needs numeric label values; the labels are not numbers, so pass options.values');
    }
  } else {
    values = labelValues(nLabels, options.values);
  }
  const coincidences = itemCoincidences(table);
  return estimateWithBootstrap(
    coincidences.nItems,
    (indices) => alphaOfCoincidences(sumCoincidences(coincidences, indices), nLabels, level, values),
    options.bootstrap,
  );
}

/** The K × K coincidence matrix o_ck of the whole table. */
export function coincidenceMatrix(table: RatingTable): number[][] {
  const coincidences = itemCoincidences(table);
  const sum = sumCoincidences(coincidences, Int32Array.from({ length: coincidences.nItems }, (_, i) => i));
  const K = coincidences.nLabels;
  return Array.from({ length: K }, (_, c) => Array.from(sum.subarray(c * K, (c + 1) * K)));
}

function itemCoincidences(table: RatingTable): Coincidences {
  const { counts, ratingsPerItem } = itemLabelCounts(table);
  const nItems = table.items.length;
  const nLabels = table.labels.length;
  const offsets = new Int32Array(nItems + 1);
  const cellIndex: number[] = [];
  const cellValue: number[] = [];
  const present: number[] = [];
  for (let u = 0; u < nItems; u++) {
    offsets[u] = cellIndex.length;
    const m = ratingsPerItem[u]!;
    if (m < 2) continue;
    present.length = 0;
    for (let c = 0; c < nLabels; c++) if (counts[u * nLabels + c]! > 0) present.push(c);
    for (const c of present) {
      const nuc = counts[u * nLabels + c]!;
      for (const k of present) {
        const value = (nuc * (counts[u * nLabels + k]! - (c === k ? 1 : 0))) / (m - 1);
        if (value === 0) continue;
        cellIndex.push(c * nLabels + k);
        cellValue.push(value);
      }
    }
  }
  offsets[nItems] = cellIndex.length;
  return { nItems, nLabels, offsets, cellIndex: Int32Array.from(cellIndex), cellValue: Float64Array.from(cellValue) };
}

function sumCoincidences({ nLabels, offsets, cellIndex, cellValue }: Coincidences, indices: Int32Array): Float64Array {
  const sum = new Float64Array(nLabels * nLabels);
  for (let i = 0; i < indices.length; i++) {
    const u = indices[i]!;
    const end = offsets[u + 1]!;
    for (let j = offsets[u]!; j < end; j++) sum[cellIndex[j]!]! += cellValue[j]!;
  }
  return sum;
}

function alphaOfCoincidences(o: Float64Array, K: number, level: KrippendorffLevel, values: readonly number[]): Estimate {
  const marginals = new Float64Array(K);
  let n = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) marginals[c]! += o[c * K + k]!;
    n += marginals[c]!;
  }
  if (n === 0) return undefinedBecause(NO_PAIRS);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      if (c === k) continue;
      const delta = squaredDifference(c, k, level, values, marginals);
      observed += o[c * K + k]! * delta;
      expected += marginals[c]! * marginals[k]! * delta;
    }
  }
  if (expected === 0) {
    return undefinedBecause('every pairable rating has the same value, so there is no expected disagreement to compare with');
  }
  return { value: 1 - ((n - 1) * observed) / expected };
}

function squaredDifference(c: number, k: number, level: KrippendorffLevel, values: readonly number[], marginals: Float64Array): number {
  switch (level) {
    case 'nominal':
      return 1;
    case 'ordinal': {
      const [low, high] = c < k ? [c, k] : [k, c];
      let between = 0;
      for (let g = low; g <= high; g++) between += marginals[g]!;
      const d = between - (marginals[low]! + marginals[high]!) / 2;
      return d * d;
    }
    case 'interval': {
      const d = values[c]! - values[k]!;
      return d * d;
    }
    case 'ratio': {
      const sum = values[c]! + values[k]!;
      const d = sum === 0 ? 0 : (values[c]! - values[k]!) / sum;
      return d * d;
    }
  }
}
