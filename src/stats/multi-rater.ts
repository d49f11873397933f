/**
 * The pieces shared by the multi-rater chance-corrected coefficients in Gwet's unified framework
 * (K. L. Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 2–3, the formulas irrCAC
 * implements), which handle missing ratings by using, for each item, only the raters who rated it:
 *   r_i = ratings of item i;  r_ik = those in label k;  r*_ik = Σ_l w_kl r_il
 *   p_a = mean over items with r_i ≥ 2 of  Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1))
 *   π_k = mean over items with r_i ≥ 1 of  r_ik / r_i
 * Every coefficient is (p_a − p_e) / (1 − p_e); they differ only in the chance agreement p_e.
 * Per-item terms are computed once so a bootstrap resample only sums them.
 */
import { itemLabelCounts, type RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate } from './result.js';
import { agreementWeights, type WeightOptions } from './weights.js';

export interface MultiRaterData {
  nItems: number;
  nLabels: number;
  nRaters: number;
  counts: Int32Array;
  ratingsPerItem: Int32Array;
  /** Per-item weighted pairwise agreement; NaN when the item has fewer than two ratings. */
  itemAgreement: Float64Array;
  weights: number[][];
  cells: (number | null)[][];
}

export function prepareMultiRater(table: RatingTable, options: WeightOptions = {}): MultiRaterData {
  const { counts, ratingsPerItem } = itemLabelCounts(table);
  const nLabels = table.labels.length;
  const weights = agreementWeights(options.weights ?? 'unweighted', nLabels, options.values);
  const itemAgreement = new Float64Array(table.items.length);
  for (let i = 0; i < table.items.length; i++) {
    const ri = ratingsPerItem[i]!;
    if (ri < 2) {
      itemAgreement[i] = Number.NaN;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < nLabels; k++) {
      const rik = counts[i * nLabels + k]!;
      if (rik === 0) continue;
      let weighted = 0;
      for (let l = 0; l < nLabels; l++) weighted += weights[k]![l]! * counts[i * nLabels + l]!;
      sum += rik * (weighted - 1);
    }
    itemAgreement[i] = sum / (ri * (ri - 1));
  }
  return { nItems: table.items.length, nLabels, nRaters: table.raters.length, counts, ratingsPerItem, itemAgreement, weights, cells: table.cells };
}

/** p_a over the drawn items, or null when none has two ratings. */
export function observedAgreementOn(data: MultiRaterData, indices: Int32Array): number | null {
  let sum = 0;
  let used = 0;
  for (const i of indices) {
    const agreement = data.itemAgreement[i]!;
    if (Number.isNaN(agreement)) continue;
    sum += agreement;
    used++;
  }
  return used === 0 ? null : sum / used;
}

/** π_k over the drawn items with at least one rating, or null when there are none. */
export function labelProportionsOn(data: MultiRaterData, indices: Int32Array): Float64Array | null {
  const { nLabels, counts, ratingsPerItem } = data;
  const proportions = new Float64Array(nLabels);
  let used = 0;
  for (const i of indices) {
    const ri = ratingsPerItem[i]!;
    if (ri === 0) continue;
    for (let k = 0; k < nLabels; k++) proportions[k]! += counts[i * nLabels + k]! / ri;
    used++;
  }
  if (used === 0) return null;
  for (let k = 0; k < nLabels; k++) proportions[k]! /= used;
  return proportions;
}

/** Σ_kl w_kl a_k b_l. */
export function weightedProduct(weights: readonly (readonly number[])[], a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) for (let l = 0; l < b.length; l++) sum += weights[k]![l]! * a[k]! * b[l]!;
  return sum;
}

export const NO_PAIRS = 'no item has ratings from two or more raters';

/** (p_a − p_e) / (1 − p_e), undefined when chance agreement leaves nothing to correct. */
export function chanceCorrected(observed: number, chance: number): Estimate & AgreementComponents {
  const components = { observedAgreement: observed, chanceAgreement: chance };
  if (1 - chance < 1e-12) {
    return { ...undefinedBecause('chance agreement is 1 (every rating uses one label), so there is no disagreement to correct for'), ...components };
  }
  return { value: (observed - chance) / (1 - chance), ...components };
}
