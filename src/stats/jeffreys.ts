/**
 * Jeffreys interval for a binomial proportion: the equal-tailed interval of the Beta(k + ½, n − k + ½)
 * posterior, with the lower limit set to 0 when k = 0 and the upper to 1 when k = n (Brown, Cai &
 * DasGupta 2001, "Interval estimation for a binomial proportion", Statistical Science 16:101–133,
 * §4.1.2). Recommended there for small n; unlike the Wald interval it stays honest at 0 events
 * (0 of 55 gives [0, 0.044], not [0, 0]).
 */
import { betaQuantile } from './beta.js';
import type { ProportionInterval } from './clopper-pearson.js';

export function jeffreysInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`jeffreysInterval needs a whole number of trials ≥ 0, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new RangeError(`jeffreysInterval needs 0 ≤ successes ≤ trials (${trials}), got ${successes}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`jeffreysInterval needs 0 < confidence < 1, got ${confidence}`);
  if (trials === 0) return { lower: 0, upper: 1 };
  const alpha = 1 - confidence;
  const a = successes + 0.5;
  const b = trials - successes + 0.5;
  return {
    lower: successes === 0 ? 0 : betaQuantile(alpha / 2, a, b),
    upper: successes === trials ? 1 : betaQuantile(1 - alpha / 2, a, b),
  };
}
