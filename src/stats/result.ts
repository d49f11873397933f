/**
 * What every statistic returns. A statistic that cannot be computed says why instead of returning
 * NaN, so a report can print the reason and nothing downstream does arithmetic on NaN.
 *
 * `Estimate` is a point estimate (the fast path); `Statistic` adds a 95% interval. Functions return
 * `Statistic` when given a `bootstrap` option (or when an exact interval is cheap, as for
 * proportions), `Estimate` otherwise.
 */

export interface UndefinedStatistic {
  value: null;
  /** Always starts with "undefined because …". */
  reason: string;
  /** Set when the point estimate exists but its interval could not be computed. */
  pointEstimate?: number;
}

export type Estimate = { value: number } | UndefinedStatistic;

export type IntervalInfo =
  | { method: 'clopper-pearson'; successes: number; trials: number }
  | {
      method: 'bootstrap-percentile';
      resamples: number;
      /** Resamples on which the statistic was undefined; they are left out of the percentiles. */
      undefinedResamples: number;
      seed: number;
      warning?: string;
    };

export type Statistic = { value: number; ci95: [number, number]; interval?: IntervalInfo } | UndefinedStatistic;

/** Observed and chance agreement, reported beside chance-corrected coefficients (κ, π, AC1, …). */
export interface AgreementComponents {
  observedAgreement?: number;
  chanceAgreement?: number;
}

export function undefinedBecause(why: string, extra: Omit<UndefinedStatistic, 'value' | 'reason'> = {}): UndefinedStatistic {
  return { value: null, reason: `undefined because ${why}`, ...extra };
}

export function isDefined<T extends { value: number | null }>(result: T): result is Extract<T, { value: number }> {
  return result.value !== null;
}
