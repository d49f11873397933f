/**
 * Exact binomial confidence interval (Clopper & Pearson 1934, "The use of confidence or fiducial
 * limits illustrated in the case of the binomial", Biometrika 26:404–413).
 *
 * For k successes in n trials and α = 1 − confidence:
 *   lower = B⁻¹(α/2; k, n−k+1)      (0 when k = 0)
 *   upper = B⁻¹(1−α/2; k+1, n−k)    (1 when k = n)
 * where B⁻¹ is the beta quantile. It is conservative (coverage ≥ nominal for every p), which is
 * what we want when reporting how often a grader is wrong on small gold sets.
 *
 * n = 0 returns {lower: 0, upper: 1}: no trials say nothing about the proportion, and a caller
 * building a report table should get an honest "anything is possible" rather than an exception.
 */
import { betaQuantile } from './beta.js';

export interface ProportionInterval {
  lower: number;
  upper: number;
}

export function clopperPearson(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`clopperPearson needs a whole number of trials ≥ 0, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`clopperPearson needs 0 ≤ successes ≤ trials (${trials}), got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`clopperPearson needs 0 < confidence < 1, got ${confidence}`);
  }
  if (trials === 0) return { lower: 0, upper: 1 };
  const alpha = 1 - confidence;
  const lower = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, trials - successes + 1);
  const upper = successes === trials ? 1 : betaQuantile(1 - alpha / 2, successes + 1, trials - successes);
  return { lower, upper };
}
