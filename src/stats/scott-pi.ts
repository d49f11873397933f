/**
 * Scott's π for two raters (W. A. Scott 1955, "Reliability of content analysis: the case of nominal
 * scale coding", Public Opinion Quarterly 19:321–325), weighted as in Gwet (Handbook of Inter-Rater
 * Reliability, 2014; irrCAC `scott2.table`). Chance agreement pools both raters' labels, assuming
 * they share one distribution: π_k = (p_k· + p_·k) / 2,
 *   p_o = Σ_ab w_ab p_ab,   p_e = Σ_kl w_kl π_k π_l,   π = (p_o − p_e) / (1 − p_e).
 * Fleiss' κ is its many-rater generalization.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { chanceCorrected, weightedProduct } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic } from './result.js';
import {
  contingencyOn,
  flattenContingency,
  marginalShares,
  NO_ITEM_RATED_BY_BOTH,
  pairCodes,
  total,
  weightedObservedAgreement,
  type RaterPairOptions,
} from './two-raters.js';
import { agreementWeights, type WeightOptions } from './weights.js';

export interface ScottPiOptions extends WeightOptions, RaterPairOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export function scottPi(table: RatingTable, options: ScottPiOptions & { bootstrap: StatisticBootstrapOptions }): Statistic & AgreementComponents;
export function scottPi(table: RatingTable, options?: ScottPiOptions): Estimate & AgreementComponents;
export function scottPi(table: RatingTable, options: ScottPiOptions = {}): (Estimate | Statistic) & AgreementComponents {
  const codes = pairCodes(table, options);
  if (!(codes instanceof Int32Array)) return codes;
  const nLabels = table.labels.length;
  const weights = agreementWeights(options.weights ?? 'unweighted', nLabels, options.values);
  return estimateWithBootstrap(codes.length, (indices) => piOfCounts(contingencyOn(codes, nLabels, indices), nLabels, weights), options.bootstrap);
}

/** π from a K × K contingency table of two raters. */
export function scottPiFromContingency(matrix: readonly (readonly number[])[], options: WeightOptions = {}): Estimate & AgreementComponents {
  const nLabels = matrix.length;
  return piOfCounts(flattenContingency(matrix), nLabels, agreementWeights(options.weights ?? 'unweighted', nLabels, options.values));
}

function piOfCounts(counts: Float64Array, nLabels: number, weights: readonly (readonly number[])[]): Estimate & AgreementComponents {
  const n = total(counts);
  if (n === 0) return undefinedBecause(NO_ITEM_RATED_BY_BOTH);
  const { rows, columns } = marginalShares(counts, nLabels, n);
  const pooled = rows.map((share, k) => (share + columns[k]!) / 2);
  return chanceCorrected(weightedObservedAgreement(counts, nLabels, n, weights), weightedProduct(weights, pooled, pooled));
}
