/**
 * Gwet's AC1 (nominal) and, with agreement weights, AC2 (K. L. Gwet 2008, "Computing inter-rater
 * reliability and its variance in the presence of high agreement", Br. J. Math. Stat. Psychol.
 * 61:29–48; Handbook of Inter-Rater Reliability, 4th ed., 2014, ch. 2–3, with missing ratings as
 * irrCAC `gwet.ac1.raw` handles them). With q labels, π_k = mean_i r_ik / r_i and T_w = Σ_kl w_kl:
 *   p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k),   AC = (p_a − p_e) / (1 − p_e).
 * Chance agreement shrinks as one label dominates, which is why AC1 stays stable (and equals 1)
 * when raters agree on a rare or even a single label — unlike κ, which is then undefined. It needs
 * at least two possible labels (q ≥ 2): declare the label set with `labelOrder` when building the table.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { chanceCorrected, labelProportionsOn, NO_PAIRS, observedAgreementOn, prepareMultiRater } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic } from './result.js';
import { sumOfWeights, type WeightOptions } from './weights.js';

export interface GwetAcOptions extends WeightOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export function gwetAc1(table: RatingTable, options: GwetAcOptions & { bootstrap: StatisticBootstrapOptions }): Statistic & AgreementComponents;
export function gwetAc1(table: RatingTable, options?: GwetAcOptions): Estimate & AgreementComponents;
export function gwetAc1(table: RatingTable, options: GwetAcOptions = {}): (Estimate | Statistic) & AgreementComponents {
  const data = prepareMultiRater(table, options);
  const q = data.nLabels;
  if (q < 2) {
    return undefinedBecause(`the table offers ${q} label(s); chance agreement needs at least two possible labels (declare them with labelOrder)`);
  }
  const scale = sumOfWeights(data.weights) / (q * (q - 1));
  return estimateWithBootstrap(
    data.nItems,
    (indices): Estimate & AgreementComponents => {
      const observed = observedAgreementOn(data, indices);
      const proportions = labelProportionsOn(data, indices);
      if (observed === null || proportions === null) return undefinedBecause(NO_PAIRS);
      let spread = 0;
      for (const p of proportions) spread += p * (1 - p);
      return chanceCorrected(observed, scale * spread);
    },
    options.bootstrap,
  );
}
