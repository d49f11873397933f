/**
 * Brennan–Prediger coefficient (R. L. Brennan & D. J. Prediger 1981, "Coefficient kappa: some uses,
 * misuses, and alternatives", Educational and Psychological Measurement 41:687–699), with weights
 * and missing ratings as in Gwet (Handbook of Inter-Rater Reliability, 2014; irrCAC `bp.coeff.raw`):
 * chance agreement assumes every one of the q labels equally likely,
 *   p_e = Σ_kl w_kl / q²   (1/q unweighted),   BP = (p_a − p_e) / (1 − p_e).
 * So it depends on how many labels the rubric offers, not on how they were used.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { chanceCorrected, NO_PAIRS, observedAgreementOn, prepareMultiRater } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic } from './result.js';
import { sumOfWeights, type WeightOptions } from './weights.js';

export interface BrennanPredigerOptions extends WeightOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export function brennanPrediger(
  table: RatingTable,
  options: BrennanPredigerOptions & { bootstrap: StatisticBootstrapOptions },
): Statistic & AgreementComponents;
export function brennanPrediger(table: RatingTable, options?: BrennanPredigerOptions): Estimate & AgreementComponents;
export function brennanPrediger(table: RatingTable, options: BrennanPredigerOptions = {}): (Estimate | Statistic) & AgreementComponents {
  const data = prepareMultiRater(table, options);
  const q = data.nLabels;
  if (q < 2) {
    return undefinedBecause(`the table offers ${q} label(s), so chance agreement is 1 (declare all possible labels with labelOrder)`);
  }
  const chance = sumOfWeights(data.weights) / (q * q);
  return estimateWithBootstrap(
    data.nItems,
    (indices): Estimate & AgreementComponents => {
      const observed = observedAgreementOn(data, indices);
      return observed === null ? undefinedBecause(NO_PAIRS) : chanceCorrected(observed, chance);
    },
    options.bootstrap,
  );
}
