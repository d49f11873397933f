/**
 * Scott's π for two raters (W. A. Scott 1955, "Reliability of content analysis: the case of nominal
 * scale coding", Public Opinion Quarterly 19:321–325), weighted as in Gwet (Handbook of Inter-Rater
 * Reliability, 2014; irrCAC `scott2.table`). Chance agreement pools both raters' labels, assuming
 * they share one distribution: π_k = (p_k· + p_·k) / 2,
 *   p_o = Σ_ab w_ab p_ab,   p_e = Σ_kl w_kl π_k π_l,   π = (p_o − p_e) / (1 − p_e).
 * Fleiss' κ is its many-rater generalization.
 */
import type { StatisticBootstrapOptions } from './bootstrap.js';
import { weightedProduct } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import type { AgreementComponents, Estimate, Statistic } from './result.js';
import { pairStatistic, pairStatisticFromContingency, type PairChance, type PairStatisticOptions } from './two-raters.js';
import type { WeightOptions } from './weights.js';

export type ScottPiOptions = PairStatisticOptions;

export function scottPi(table: RatingTable, options: ScottPiOptions & { bootstrap: StatisticBootstrapOptions }): Statistic & AgreementComponents;
export function scottPi(table: RatingTable, options?: ScottPiOptions): Estimate & AgreementComponents;
export function scottPi(table: RatingTable, options: ScottPiOptions = {}): (Estimate | Statistic) & AgreementComponents {
  return pairStatistic(table, options, scottChance);
}

/** π from a K × K contingency table of two raters. */
export function scottPiFromContingency(matrix: readonly (readonly number[])[], options: WeightOptions = {}): Estimate & AgreementComponents {
  return pairStatisticFromContingency(matrix, options, scottChance);
}

/** Both raters' labels pooled into one distribution. */
const scottChance: PairChance = (weights, rows, columns) => {
  const pooled = rows.map((share, k) => (share + columns[k]!) / 2);
  return weightedProduct(weights, pooled, pooled);
};
