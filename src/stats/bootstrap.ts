/**
 * Nonparametric bootstrap over items with percentile intervals (Efron & Tibshirani 1993, An
 * Introduction to the Bootstrap, ch. 13). Items — not individual ratings — are the resampling unit,
 * because ratings of one item are correlated; for agreement coefficients this is the approach of
 * Gwet (2014, Handbook of Inter-Rater Reliability, §5) and of irrCAC's/krippendorff's bootstraps.
 *
 * Percentiles use R's default quantile (type 7, linear interpolation). A resample on which the
 * statistic is undefined (e.g. κ when every drawn item got one label) is skipped and counted: the
 * interval is then conditional on the statistic being defined, so any skip adds a warning, and
 * beyond `bootstrapRule` (too few items, too many undefined resamples, zero width) no interval is
 * returned at all: the point estimate is kept as `pointEstimate` with the reason.
 */
import { randomIndex, seededRandom } from './random.js';
import { undefinedBecause, type Estimate, type Statistic } from './result.js';

export interface BootstrapOptions {
  /** Number of resamples; default 1000. */
  resamples?: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** Default 0.95. */
  confidence?: number;
  /** Give up (no interval) when more than this share of resamples is undefined; default `bootstrapRule.maxUndefinedFraction`. */
  maxUndefinedFraction?: number;
  /** Give no interval on fewer items than this; default `bootstrapRule.minItems`. */
  minItems?: number;
  /** Return an interval even when every defined resample gave the same value; default false. */
  allowZeroWidth?: boolean;
}

/**
 * When a percentile bootstrap interval is given at all. Measured, not assumed: `bench/kappa-rare-class-coverage.ts`
 * simulates Cohen's κ with a 3% class at n = 50 and with a handful of balanced items, and these
 * cut-offs are the ones under which the printed intervals cover ≥ 93% (bench/README.md has the table).
 * - fewer than `minItems` items: a resample of 7 items can take only a few distinct values, and an
 *   interval from it looks exact when it is not;
 * - more than `maxUndefinedFraction` of resamples undefined: the statistic exists only when the rare
 *   label happens to be drawn, which is also when the interval is too narrow (a resample without the
 *   rare label is undefined with probability ≈ e^(−m) for m items carrying it, so 1% asks m ≳ 5);
 * - every defined resample equal (zero width): the bootstrap cannot show variation the sample lacks.
 */
export const bootstrapRule = {
  minItems: 10,
  maxUndefinedFraction: 0.01,
  allowsInterval({ items, undefinedShare, zeroWidth }: { items: number; undefinedShare: number; zeroWidth: boolean }): boolean {
    return items >= bootstrapRule.minItems && undefinedShare <= bootstrapRule.maxUndefinedFraction && !zeroWidth;
  },
};

/** Options for statistics that report a `ci95`: the confidence level is fixed at 95%. */
export type StatisticBootstrapOptions = Omit<BootstrapOptions, 'confidence'>;

export type BootstrapInterval =
  | {
      ok: true;
      interval: [number, number];
      resamples: number;
      undefinedResamples: number;
      seed: number;
      warning?: string;
    }
  | { ok: false; reason: string; resamples: number; undefinedResamples: number; seed: number };

/**
 * Percentile bootstrap interval of a statistic of items. `statisticOnIndices` receives the drawn item
 * indices (with repeats); the same Int32Array is reused between calls, so do not keep it.
 */
export function bootstrapInterval(
  nItems: number,
  statisticOnIndices: (indices: Int32Array) => number | null,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const settings = bootstrapSettings(options);
  const { resamples, seed } = settings;
  if (nItems === 0) {
    return { ok: false, reason: 'undefined because there are no items to resample', resamples, undefinedResamples: resamples, seed };
  }
  const random = seededRandom(seed);
  const indices = new Int32Array(nItems);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < nItems; i++) indices[i] = randomIndex(random, nItems);
    const value = statisticOnIndices(indices);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  return percentileInterval(values, settings, nItems);
}

/** The options with their defaults filled in, checked. */
export function bootstrapSettings(options: BootstrapOptions): Required<BootstrapOptions> {
  const {
    resamples = 1000,
    seed = 1,
    confidence = 0.95,
    maxUndefinedFraction = bootstrapRule.maxUndefinedFraction,
    minItems = bootstrapRule.minItems,
    allowZeroWidth = false,
  } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (!(maxUndefinedFraction >= 0 && maxUndefinedFraction <= 1)) throw new RangeError(`maxUndefinedFraction must be in [0, 1], got ${maxUndefinedFraction}`);
  if (!(Number.isInteger(minItems) && minItems >= 0)) throw new RangeError(`minItems must be a whole number ≥ 0, got ${minItems}`);
  return { resamples, seed, confidence, maxUndefinedFraction, minItems, allowZeroWidth };
}

/**
 * The percentile interval of the defined values out of `resamples` bootstrap replicates (the rest
 * were undefined); for callers that draw their own resamples, e.g. from two samples at once.
 * `items` (the sample size) is checked against `minItems` when given.
 */
export function percentileInterval(definedValues: number[], settings: Required<BootstrapOptions>, items?: number): BootstrapInterval {
  const { resamples, seed, confidence, maxUndefinedFraction, minItems, allowZeroWidth } = settings;
  const undefinedResamples = resamples - definedValues.length;
  const refuse = (reason: string): BootstrapInterval => ({ ok: false, reason: `undefined because ${reason}`, resamples, undefinedResamples, seed });
  if (items !== undefined && items < minItems) {
    return refuse(`too few items (n = ${items}; a bootstrap interval needs at least ${minItems}, below that it can look exact when it is not)`);
  }
  if (definedValues.length === 0 || undefinedResamples > maxUndefinedFraction * resamples) {
    return refuse(
      `the statistic was undefined on ${undefinedResamples} of ${resamples} bootstrap resamples (more than ${formatShare(maxUndefinedFraction)}); the percentile interval of the rest describes only the resamples where it exists, and is too narrow when a rare label decides whether it does`,
    );
  }
  const sorted = [...definedValues].sort((a, b) => a - b);
  if (!allowZeroWidth && sorted[0] === sorted[sorted.length - 1]) {
    return refuse(`every bootstrap resample gave the same value (${sorted[0]}), and a resample cannot show variation the sample does not contain; the interval is not a point`);
  }
  const tail = (1 - confidence) / 2;
  const result: BootstrapInterval = {
    ok: true,
    interval: [quantileOfSorted(sorted, tail), quantileOfSorted(sorted, 1 - tail)],
    resamples,
    undefinedResamples,
    seed,
  };
  if (undefinedResamples > 0) {
    result.warning = `the statistic was undefined on ${undefinedResamples} of ${resamples} resamples; the interval is conditional on it being defined`;
  }
  return result;
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}

/** Quantile of an ascending array, R type 7 (linear interpolation between order statistics). */
export function quantileOfSorted(sorted: readonly number[], probability: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty array');
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below]!;
  return low + (position - below) * (sorted[above]! - low);
}

/** 0, 1, …, n − 1: the indices of the full sample, so point estimates share code with resamples. */
export function allIndices(n: number): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  return indices;
}

/**
 * The point estimate on all items and, when `bootstrap` is given, its 95% percentile interval.
 * Extra fields of the point estimate (observed/chance agreement, …) are kept.
 */
export function estimateWithBootstrap<E extends Estimate>(
  nItems: number,
  estimateOnIndices: (indices: Int32Array) => E,
  bootstrap: StatisticBootstrapOptions | undefined,
): E | Statistic {
  const point = estimateOnIndices(allIndices(nItems));
  if (bootstrap === undefined || point.value === null) return point;
  return withInterval(point, bootstrapInterval(nItems, (indices) => estimateOnIndices(indices).value, { ...bootstrap, confidence: 0.95 }));
}

/** A defined point estimate joined with its 95% bootstrap interval, or the reason there is none. */
export function withInterval<E extends { value: number }>(point: E, interval: BootstrapInterval): (E & Statistic) | Statistic {
  if (!interval.ok) {
    // Extra fields (observed/chance agreement) stay: they are facts about the full sample.
    return { ...point, ...undefinedBecause(interval.reason.replace(/^undefined because /, ''), { pointEstimate: point.value }) } as Statistic;
  }
  const { resamples, undefinedResamples, seed, warning } = interval;
  return {
    ...point,
    ci95: interval.interval,
    interval: { method: 'bootstrap-percentile', resamples, undefinedResamples, seed, ...(warning === undefined ? {} : { warning }) },
  };
}
