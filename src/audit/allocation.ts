import { TgradeError } from '../errors.js';
import type { Stratum } from './strata.js';

/**
 * How many items of each stratum the audit labels: the budget goes where it reduces the variance
 * of the estimated count most — Neyman allocation, n_h ∝ N_h·S_h with S_h = √(p_h(1 − p_h)) for an
 * expected positive rate p_h (Neyman 1934; Cochran 1977, Sampling Techniques, §5.5) — under three
 * floors that keep the estimate honest where Neyman's guesses are weakest:
 * - every non-empty stratum gets `minimumPerStratum` items (2: a within-stratum variance needs two);
 * - the flagged strata are audited in full when together they take at most `censusShare` of the
 *   budget: then the count among the flagged is known exactly, and a design that finds the flagged
 *   positives cannot report a lower bound of 0;
 * - the unflagged strata (negative labels and gated-out items) together get at least
 *   `unflaggedFloorShare` of the budget, because only labels there bound what the grader missed.
 * Expected rates: a flagged stratum's mean score where the grader has a confidence, else ½ (the
 * largest S); abstained and errored strata ½ (nothing is known); unflagged strata
 * `expectedMissRate`, by default a tenth of the flag rate (at least 1 in the stratum's size) — a
 * guess, which only moves the allocation: the estimates stay design-unbiased whatever it is.
 */
export interface AllocationOptions {
  budget: number;
  expectedMissRate?: number;
  minimumPerStratum?: number;
  censusShare?: number;
  unflaggedFloorShare?: number;
}

export interface AllocatedStratum extends Stratum {
  sample: number;
  /** The positive rate the allocation assumed. */
  expectedRate: number;
  census: boolean;
}

export function allocate(strata: readonly Stratum[], options: AllocationOptions): AllocatedStratum[] {
  const { budget } = options;
  const population = strata.reduce((sum, stratum) => sum + stratum.size, 0);
  if (!Number.isInteger(budget) || budget < 1) throw new TgradeError('E_AUDIT_INVALID', `the budget must be a whole number ≥ 1, got ${budget}`);
  const priors = expectedRates(strata, options.expectedMissRate);
  if (budget >= population) return strata.map((stratum, h) => ({ ...stratum, sample: stratum.size, expectedRate: priors[h]!, census: true }));
  const minimumPerStratum = options.minimumPerStratum ?? 2;
  const lower = strata.map((stratum) => Math.min(stratum.size, minimumPerStratum));
  const needed = lower.reduce((sum, value) => sum + value, 0);
  if (needed > budget) {
    throw new TgradeError('E_AUDIT_INVALID', `a budget of ${budget} cannot give each of the ${strata.length} strata its ${minimumPerStratum} items; raise --budget to at least ${needed}`);
  }
  const flaggedSize = strata.filter((stratum) => stratum.flagged).reduce((sum, stratum) => sum + stratum.size, 0);
  const census = strata.map((stratum) => stratum.flagged && flaggedSize <= (options.censusShare ?? 0.5) * budget);
  census.forEach((full, h) => {
    if (full) lower[h] = strata[h]!.size;
  });
  const unflagged = strata.map((stratum) => isUnflagged(stratum));
  const unflaggedSize = strata.filter((_, h) => unflagged[h]).reduce((sum, stratum) => sum + stratum.size, 0);
  const spare = budget - lower.reduce((sum, value) => sum + value, 0);
  const floorTotal = Math.min(spare, Math.ceil((options.unflaggedFloorShare ?? 0.25) * budget));
  if (unflaggedSize > 0 && floorTotal > 0) {
    strata.forEach((stratum, h) => {
      if (unflagged[h]) lower[h] = Math.max(lower[h]!, Math.min(stratum.size, Math.floor((floorTotal * stratum.size) / unflaggedSize)));
    });
  }
  const weights = strata.map((stratum, h) => stratum.size * Math.sqrt(priors[h]! * (1 - priors[h]!)));
  const sizes = neymanWithBounds(weights, lower, strata.map((stratum) => stratum.size), budget);
  return strata.map((stratum, h) => ({ ...stratum, sample: sizes[h]!, expectedRate: priors[h]!, census: sizes[h] === stratum.size }));
}

function isUnflagged(stratum: Stratum): boolean {
  return !stratum.flagged && stratum.name !== 'abstained' && stratum.name !== 'errored';
}

function expectedRates(strata: readonly Stratum[], expectedMissRate: number | undefined): number[] {
  const population = strata.reduce((sum, stratum) => sum + stratum.size, 0);
  const flagRate = strata.filter((stratum) => stratum.flagged).reduce((sum, stratum) => sum + stratum.size, 0) / Math.max(1, population);
  return strata.map((stratum) => {
    if (stratum.flagged) return stratum.graded ? Math.min(0.95, Math.max(0.05, stratum.meanPositiveScore)) : 0.5;
    if (!isUnflagged(stratum)) return 0.5;
    if (expectedMissRate !== undefined) return expectedMissRate;
    if (stratum.meanPositiveScore > 0) return Math.min(0.5, stratum.meanPositiveScore);
    return Math.min(0.5, Math.max(flagRate / 10, 1 / Math.max(1, stratum.size)));
  });
}

/**
 * Whole sample sizes n_h = clamp(c·weight_h, lower_h, upper_h) with Σ n_h = budget: c by bisection,
 * then the units left by rounding down go to the largest remainders.
 */
function neymanWithBounds(weights: readonly number[], lower: readonly number[], upper: readonly number[], budget: number): number[] {
  const sizesAt = (c: number) => weights.map((weight, h) => Math.min(upper[h]!, Math.max(lower[h]!, c * weight)));
  const total = (c: number) => sizesAt(c).reduce((sum, value) => sum + value, 0);
  let low = 0;
  let high = 1;
  while (total(high) < budget && high < 1e300) high *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (total(mid) < budget) low = mid;
    else high = mid;
  }
  const fractional = sizesAt(high);
  const sizes = fractional.map((value) => Math.floor(value));
  let left = budget - sizes.reduce((sum, value) => sum + value, 0);
  const order = fractional.map((value, h) => ({ h, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.h - b.h);
  for (const { h } of order) {
    if (left <= 0) break;
    if (sizes[h]! < upper[h]!) {
      sizes[h]! += 1;
      left -= 1;
    }
  }
  // Rounding can leave units when every remainder was used; give them to any stratum with room.
  for (let h = 0; left > 0 && h < sizes.length; h++) {
    while (left > 0 && sizes[h]! < upper[h]!) {
      sizes[h]! += 1;
      left -= 1;
    }
  }
  return sizes;
}
