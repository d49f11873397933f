/**
 * A population proportion from a stratified sample (simple random sampling without replacement
 * within each stratum), with an interval that stays honest when a stratum shows 0 or few events.
 *
 * Point estimate: p̂ = Σ_h W_h·k_h/n_h, W_h = N_h/N (Cochran 1977, Sampling Techniques, 3rd ed., §5.2).
 * Interval: each stratum's rate gets a Jeffreys interval [l_h, u_h] (Brown, Cai & DasGupta 2001);
 * they are combined by MOVER, the method of variance estimates recovery (Zou & Donner 2008,
 * "Construction of confidence limits about effect measures: a general approach", Statistics in
 * Medicine 27:1693–1702; for linear combinations of proportions, Zou, Huang & Zhang 2009):
 *   L = p̂ − √Σ W_h²·(p̂_h − l_h)²·f_h,   U = p̂ + √Σ W_h²·(u_h − p̂_h)²·f_h
 * where f_h = 1 − n_h/N_h is the finite-population correction (a stratum audited in full adds no
 * uncertainty). Scaling a stratum's exact deviation by √f_h is an approximation to the
 * hypergeometric interval; the simulation in bench/audit-simulation.mjs measures its coverage.
 */
import { jeffreysInterval } from './jeffreys.js';

export interface StratumCount {
  /** Items of the stratum in the population. */
  size: number;
  /** Items of the stratum audited (with a usable label). */
  audited: number;
  /** Audited items that are positive. */
  positives: number;
}

interface StratumRate {
  rate: number;
  interval: [number, number];
}

export interface StratifiedProportion {
  estimate: number;
  interval: [number, number];
  strata: StratumRate[];
}

export function stratifiedProportion(strata: readonly StratumCount[], confidence = 0.95): StratifiedProportion {
  const population = strata.reduce((sum, stratum) => sum + stratum.size, 0);
  if (!(population > 0)) throw new RangeError('stratifiedProportion needs a population of at least one item');
  let estimate = 0;
  let lowerSquares = 0;
  let upperSquares = 0;
  const rates: StratumRate[] = [];
  for (const stratum of strata) {
    checkStratum(stratum);
    if (stratum.size === 0) {
      rates.push({ rate: 0, interval: [0, 1] });
      continue;
    }
    if (stratum.audited === 0) throw new RangeError('stratifiedProportion needs at least one audited item in every non-empty stratum');
    const weight = stratum.size / population;
    const rate = stratum.positives / stratum.audited;
    const { lower, upper } = jeffreysInterval(stratum.positives, stratum.audited, confidence);
    const correction = 1 - stratum.audited / stratum.size;
    estimate += weight * rate;
    lowerSquares += weight * weight * (rate - lower) ** 2 * correction;
    upperSquares += weight * weight * (upper - rate) ** 2 * correction;
    rates.push({ rate, interval: [lower, upper] });
  }
  return { estimate, interval: [estimate - Math.sqrt(lowerSquares), estimate + Math.sqrt(upperSquares)], strata: rates };
}

function checkStratum(stratum: StratumCount): void {
  const { size, audited, positives } = stratum;
  if (![size, audited, positives].every((value) => Number.isInteger(value) && value >= 0) || audited > size || positives > audited) {
    throw new RangeError(`a stratum needs whole numbers 0 ≤ positives ≤ audited ≤ size, got ${positives}, ${audited}, ${size}`);
  }
}
