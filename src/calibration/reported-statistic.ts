import { z } from 'zod';
import { bootstrapRule, type Statistic } from '../stats/index.js';

/**
 * The one shape every figure takes in reports, JSON output and calibration profiles: a value with
 * its 95% interval, or null with the reason it is undefined (never NaN printed as a number). The
 * stats module's extra fields (interval method, observed/chance agreement) are dropped here so the
 * JSON stays the documented shape; `pointEstimate` is kept when only the interval failed.
 */
export const ReportedStatisticSchema = z.union([
  z.object({ value: z.number(), ci95: z.tuple([z.number(), z.number()]) }).strict(),
  z.object({ value: z.null(), reason: z.string().min(1), pointEstimate: z.number().optional() }).strict(),
]);
export type ReportedStatistic = z.infer<typeof ReportedStatisticSchema>;

export function reported(statistic: Statistic): ReportedStatistic {
  if (statistic.value === null) {
    return { value: null, reason: statistic.reason, ...(statistic.pointEstimate === undefined ? {} : { pointEstimate: statistic.pointEstimate }) };
  }
  return { value: statistic.value, ci95: [statistic.ci95[0], statistic.ci95[1]] };
}

export function undefinedStatistic(reason: string): ReportedStatistic {
  return { value: null, reason: reason.startsWith('undefined because') ? reason : `undefined because ${reason}` };
}

/** "0.412 (95% CI 0.205–0.611)" or "undefined because …", for text reports. */
export function formatStatistic(statistic: ReportedStatistic, digits = 3): string {
  if (statistic.value === null) {
    return statistic.pointEstimate === undefined ? statistic.reason : `${statistic.pointEstimate.toFixed(digits)}, no interval: ${statistic.reason.replace(/^undefined because /, '')}`;
  }
  return `${statistic.value.toFixed(digits)} (95% CI ${formatRange(statistic.ci95, digits)})`;
}

/** "0.205–0.611", or "−0.059 to 0.311" when a bound is negative (a dash would read as a minus). */
export function formatRange([low, high]: readonly [number, number], digits = 3): string {
  const number = (value: number) => (value < 0 ? `−${(-value).toFixed(digits)}` : value.toFixed(digits));
  return low < 0 || high < 0 ? `${number(low)} to ${number(high)}` : `${number(low)}–${number(high)}`;
}

/** The rule under which a bootstrap interval is given, as the text reports state it. */
export const BOOTSTRAP_RULE_SENTENCE = `no bootstrap interval on fewer than ${bootstrapRule.minItems} items, when more than ${bootstrapRule.maxUndefinedFraction * 100}% of resamples leave the figure undefined, or when every resample gives the same value (each covered far less than 95%; bench/kappa-rare-class-coverage.ts)`;
