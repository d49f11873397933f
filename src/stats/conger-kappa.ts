/**
 * Conger's κ (A. J. Conger 1980, "Integration and generalization of kappas for multiple raters",
 * Psychological Bulletin 88:322–328): Cohen's κ extended to many raters, keeping each rater's own
 * label distribution. With missing ratings and weights as in Gwet (Handbook of Inter-Rater
 * Reliability, 2014; irrCAC `conger.kappa.raw`): for the r raters who rated anything, p_gk = share
 * of rater g's ratings in label k, p̄_k = mean_g p_gk, s²_kl = (Σ_g p_gk p_gl − r p̄_k p̄_l) / (r − 1),
 *   p_e = Σ_kl w_kl (p̄_k p̄_l − s²_kl / r),   κ = (p_a − p_e) / (1 − p_e).
 * With two raters this is Cohen's κ. Raters with no ratings are left out of r.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { chanceCorrected, NO_PAIRS, observedAgreementOn, prepareMultiRater, type MultiRaterData } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import { undefinedBecause, type AgreementComponents, type Estimate, type Statistic } from './result.js';
import type { WeightOptions } from './weights.js';

export interface CongerKappaOptions extends WeightOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export function congerKappa(
  table: RatingTable,
  options: CongerKappaOptions & { bootstrap: StatisticBootstrapOptions },
): Statistic & AgreementComponents;
export function congerKappa(table: RatingTable, options?: CongerKappaOptions): Estimate & AgreementComponents;
export function congerKappa(table: RatingTable, options: CongerKappaOptions = {}): (Estimate | Statistic) & AgreementComponents {
  const data = prepareMultiRater(table, options);
  return estimateWithBootstrap(
    data.nItems,
    (indices): Estimate & AgreementComponents => {
      const observed = observedAgreementOn(data, indices);
      if (observed === null) return undefinedBecause(NO_PAIRS);
      const chance = congerChanceAgreement(data, indices);
      if (chance === null) return undefinedBecause('fewer than two raters gave any rating');
      return chanceCorrected(observed, chance);
    },
    options.bootstrap,
  );
}

function congerChanceAgreement(data: MultiRaterData, indices: Int32Array): number | null {
  const { nLabels, nRaters, cells, weights } = data;
  const classified = new Float64Array(nRaters * nLabels);
  const ratedByRater = new Float64Array(nRaters);
  for (const i of indices) {
    const row = cells[i]!;
    for (let g = 0; g < nRaters; g++) {
      const cell = row[g];
      if (cell === null || cell === undefined) continue;
      classified[g * nLabels + cell]!++;
      ratedByRater[g]!++;
    }
  }
  const raterShares: Float64Array[] = [];
  for (let g = 0; g < nRaters; g++) {
    const rated = ratedByRater[g]!;
    if (rated === 0) continue;
    raterShares.push(classified.subarray(g * nLabels, (g + 1) * nLabels).map((count) => count / rated));
  }
  const r = raterShares.length;
  if (r < 2) return null;
  const mean = new Float64Array(nLabels);
  for (const shares of raterShares) for (let k = 0; k < nLabels; k++) mean[k]! += shares[k]! / r;
  let chance = 0;
  for (let k = 0; k < nLabels; k++) {
    for (let l = 0; l < nLabels; l++) {
      let crossProducts = 0;
      for (const shares of raterShares) crossProducts += shares[k]! * shares[l]!;
      const covariance = (crossProducts - r * mean[k]! * mean[l]!) / (r - 1);
      chance += weights[k]![l]! * (mean[k]! * mean[l]! - covariance / r);
    }
  }
  return chance;
}
