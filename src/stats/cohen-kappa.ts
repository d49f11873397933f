/**
 * Cohen's κ for two raters (J. Cohen 1960, "A coefficient of agreement for nominal scales",
 * Educational and Psychological Measurement 20:37–46) and weighted κ for ordered labels (J. Cohen
 * 1968, "Weighted kappa", Psychological Bulletin 70:213–220). Over the items both raters rated, with
 * p_ab the share rated a by the first and b by the second and agreement weights w:
 *   p_o = Σ_ab w_ab p_ab,   p_e = Σ_ab w_ab p_a· p_·b,   κ = (p_o − p_e) / (1 − p_e).
 * Chance agreement uses each rater's own label distribution — the difference from Scott's π.
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

export interface CohenKappaOptions extends WeightOptions, RaterPairOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export function cohenKappa(table: RatingTable, options: CohenKappaOptions & { bootstrap: StatisticBootstrapOptions }): Statistic & AgreementComponents;
export function cohenKappa(table: RatingTable, options?: CohenKappaOptions): Estimate & AgreementComponents;
export function cohenKappa(table: RatingTable, options: CohenKappaOptions = {}): (Estimate | Statistic) & AgreementComponents {
  const codes = pairCodes(table, options);
  if (!(codes instanceof Int32Array)) return codes;
  const nLabels = table.labels.length;
  const weights = agreementWeights(options.weights ?? 'unweighted', nLabels, options.values);
  return estimateWithBootstrap(
    codes.length,
    (indices) => kappaOfCounts(contingencyOn(codes, nLabels, indices), nLabels, weights),
    options.bootstrap,
  );
}

/** κ from a K × K contingency table (matrix[a][b] = items the first rater put in a and the second in b). */
export function cohenKappaFromContingency(matrix: readonly (readonly number[])[], options: WeightOptions = {}): Estimate & AgreementComponents {
  const nLabels = matrix.length;
  return kappaOfCounts(flattenContingency(matrix), nLabels, agreementWeights(options.weights ?? 'unweighted', nLabels, options.values));
}

export function kappaOfCounts(counts: Float64Array, nLabels: number, weights: readonly (readonly number[])[]): Estimate & AgreementComponents {
  const n = total(counts);
  if (n === 0) return undefinedBecause(NO_ITEM_RATED_BY_BOTH);
  const { rows, columns } = marginalShares(counts, nLabels, n);
  return chanceCorrected(weightedObservedAgreement(counts, nLabels, n, weights), weightedProduct(weights, rows, columns));
}
