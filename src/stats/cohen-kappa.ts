/**
 * Cohen's κ for two raters (J. Cohen 1960, "A coefficient of agreement for nominal scales",
 * Educational and Psychological Measurement 20:37–46) and weighted κ for ordered labels (J. Cohen
 * 1968, "Weighted kappa", Psychological Bulletin 70:213–220). Over the items both raters rated, with
 * p_ab the share rated a by the first and b by the second and agreement weights w:
 *   p_o = Σ_ab w_ab p_ab,   p_e = Σ_ab w_ab p_a· p_·b,   κ = (p_o − p_e) / (1 − p_e).
 * Chance agreement uses each rater's own label distribution — the difference from Scott's π.
 */
import type { StatisticBootstrapOptions } from './bootstrap.js';
import { weightedProduct } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import type { AgreementComponents, Estimate, Statistic } from './result.js';
import { chanceCorrectedCounts, pairStatistic, pairStatisticFromContingency, type PairChance, type PairStatisticOptions } from './two-raters.js';
import type { WeightOptions } from './weights.js';

export type CohenKappaOptions = PairStatisticOptions;

export function cohenKappa(table: RatingTable, options: CohenKappaOptions & { bootstrap: StatisticBootstrapOptions }): Statistic & AgreementComponents;
export function cohenKappa(table: RatingTable, options?: CohenKappaOptions): Estimate & AgreementComponents;
export function cohenKappa(table: RatingTable, options: CohenKappaOptions = {}): (Estimate | Statistic) & AgreementComponents {
  return pairStatistic(table, options, cohenChance);
}

/** κ from a K × K contingency table (matrix[a][b] = items the first rater put in a and the second in b). */
export function cohenKappaFromContingency(matrix: readonly (readonly number[])[], options: WeightOptions = {}): Estimate & AgreementComponents {
  return pairStatisticFromContingency(matrix, options, cohenChance);
}

export function kappaOfCounts(counts: Float64Array, nLabels: number, weights: readonly (readonly number[])[]): Estimate & AgreementComponents {
  return chanceCorrectedCounts(counts, nLabels, weights, cohenChance);
}

/** Each rater's own label distribution. */
const cohenChance: PairChance = (weights, rows, columns) => weightedProduct(weights, rows, columns);
