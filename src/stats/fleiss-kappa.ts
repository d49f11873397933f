/**
 * Fleiss' κ (J. L. Fleiss 1971, "Measuring nominal scale agreement among many raters",
 * Psychological Bulletin 76:378–382): with m raters per item, p_j the share of all ratings in label j,
 *   P̄ = mean_i Σ_j n_ij (n_ij − 1) / (m (m − 1)),   P̄_e = Σ_j p_j²,   κ = (P̄ − P̄_e) / (1 − P̄_e).
 * It assumes the same number of raters on every item, so by default κ is undefined when that number
 * varies (use Krippendorff's α, which was built for missing data). `unequalRaters: 'gwet'` instead
 * applies Gwet's generalization (Handbook of Inter-Rater Reliability, 2014; irrCAC
 * `fleiss.kappa.raw`): p_a over items with ≥ 2 ratings, p_j = mean_i r_ij / r_i, and with weights
 * p_e = Σ_kl w_kl π_k π_l. With equal raters per item both definitions give the same number.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { chanceCorrected, labelProportionsOn, NO_PAIRS, observedAgreementOn, prepareMultiRater, weightedProduct } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic } from './result.js';
import type { WeightOptions } from './weights.js';

export interface FleissKappaOptions extends WeightOptions {
  /** 'undefined' (default): κ is undefined when items have different numbers of ratings. */
  unequalRaters?: 'undefined' | 'gwet';
  bootstrap?: StatisticBootstrapOptions;
}

export function fleissKappa(
  table: RatingTable,
  options: FleissKappaOptions & { bootstrap: StatisticBootstrapOptions },
): Statistic & AgreementComponents;
export function fleissKappa(table: RatingTable, options?: FleissKappaOptions): Estimate & AgreementComponents;
export function fleissKappa(table: RatingTable, options: FleissKappaOptions = {}): (Estimate | Statistic) & AgreementComponents {
  const data = prepareMultiRater(table, options);
  if (options.unequalRaters !== 'gwet') {
    const counts = new Set<number>();
    for (const ri of data.ratingsPerItem) if (ri > 0) counts.add(ri);
    if (counts.size > 1) {
      return undefinedBecause(
        `items have different numbers of ratings (${[...counts].sort((a, b) => a - b).join(', ')}); Fleiss' κ assumes a fixed number of raters per item — read Krippendorff's α, which allows missing ratings (in the library, fleissKappa(table, { unequalRaters: 'gwet' }) gives Gwet's generalization)`,
      );
    }
  }
  return estimateWithBootstrap(
    data.nItems,
    (indices): Estimate & AgreementComponents => {
      const observed = observedAgreementOn(data, indices);
      const proportions = labelProportionsOn(data, indices);
      if (observed === null || proportions === null) return undefinedBecause(NO_PAIRS);
      return chanceCorrected(observed, weightedProduct(data.weights, proportions, proportions));
    },
    options.bootstrap,
  );
}
