/**
 * Percent agreement, reported two ways because they answer different questions:
 * - `pairwise`: the mean over items (with ≥ 2 ratings) of the share of agreeing rater pairs —
 *   Gwet's p_a (Handbook of Inter-Rater Reliability, 4th ed., 2014, ch. 2; irrCAC `pa.coeff.raw`), which
 *   takes agreement weights. Not a binomial proportion, so its interval is bootstrapped on request.
 * - `unanimous`: the share of items (with ≥ 2 ratings) on which every rating is the same label. A
 *   proportion of items, so it always carries an exact Clopper–Pearson interval.
 * With two raters and no weights the two coincide.
 */
import { estimateWithBootstrap, type StatisticBootstrapOptions } from './bootstrap.js';
import { clopperPearson } from './clopper-pearson.js';
import { NO_PAIRS, observedAgreementOn, prepareMultiRater } from './multi-rater.js';
import type { RatingTable } from './ratings.js';
import { undefinedBecause, type Estimate, type Statistic } from './result.js';
import type { WeightOptions } from './weights.js';

export interface PercentAgreementOptions extends WeightOptions {
  bootstrap?: StatisticBootstrapOptions;
}

export interface PercentAgreement<S> {
  pairwise: S;
  unanimous: Statistic;
  /** Items with at least two ratings (the denominator of both). */
  itemsCompared: number;
  unanimousItems: number;
}

export function percentAgreement(
  table: RatingTable,
  options: PercentAgreementOptions & { bootstrap: StatisticBootstrapOptions },
): PercentAgreement<Statistic>;
export function percentAgreement(table: RatingTable, options?: PercentAgreementOptions): PercentAgreement<Estimate>;
export function percentAgreement(table: RatingTable, options: PercentAgreementOptions = {}): PercentAgreement<Estimate | Statistic> {
  const data = prepareMultiRater(table, options);
  const pairwise = estimateWithBootstrap(
    data.nItems,
    (indices): Estimate => {
      const observed = observedAgreementOn(data, indices);
      return observed === null ? undefinedBecause(NO_PAIRS) : { value: observed };
    },
    options.bootstrap,
  );
  let itemsCompared = 0;
  let unanimousItems = 0;
  for (let i = 0; i < data.nItems; i++) {
    const ri = data.ratingsPerItem[i]!;
    if (ri < 2) continue;
    itemsCompared++;
    for (let k = 0; k < data.nLabels; k++) {
      if (data.counts[i * data.nLabels + k] === ri) unanimousItems++;
    }
  }
  let unanimous: Statistic;
  if (itemsCompared === 0) unanimous = undefinedBecause(NO_PAIRS);
  else {
    const { lower, upper } = clopperPearson(unanimousItems, itemsCompared);
    unanimous = {
      value: unanimousItems / itemsCompared,
      ci95: [lower, upper],
      interval: { method: 'clopper-pearson', successes: unanimousItems, trials: itemsCompared },
    };
  }
  return { pairwise, unanimous, itemsCompared, unanimousItems };
}
