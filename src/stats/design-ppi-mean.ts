/**
 * Prediction-powered estimate of a finite-population mean when the audit was drawn with known,
 * unequal inclusion probabilities (a stratified or an "active" audit).
 *
 * The grader's prediction f_i is known for every item of the population, the gold label y_i only
 * for the audited ones. The estimator is the difference (model-assisted) estimator of survey
 * sampling (Särndal, Swensson & Wretman 1992, Model Assisted Survey Sampling, §6.3), which is the
 * prediction-powered estimator weighted by inverse inclusion probabilities as in active statistical
 * inference (Zrnic & Candès 2024, "Active statistical inference", ICML, eq. 3) and PPI++'s power
 * tuning (Angelopoulos, Duchi & Zrnic 2023):
 *   θ̂(λ) = (1/N)·[ λ·Σ_{population} f_i + Σ_{audited} (y_i − λ·f_i)/π_i ]
 * It is design-unbiased for every fixed λ whatever the grader's quality. Its variance:
 *   - stratified (simple random sampling without replacement within strata, π_i = n_h/N_h):
 *     V = (1/N²)·Σ_h N_h²·(1 − n_h/N_h)·s²_h(e)/n_h, e = y − λf (Cochran 1977, §5.3);
 *   - unequal probabilities (systematic πps): the with-replacement (Hansen–Hurwitz) approximation
 *     V = (1/N²)·n/(n−1)·Σ (z_i − z̄)², z_i = e_i/π_i, which leaves out the finite-population gain.
 * λ minimises the estimated V (the design analogue of PPI++'s power tuning) and is clipped to
 * [0, 1]; with no within-stratum variation of the predictions (a yes/no grader whose labels are the
 * strata) λ is 0 and the estimate is the classical stratified one — the strata already use all the
 * grader knows. The interval is θ̂ ± z·√V̂ (a Wald interval: not honest with few events, which is
 * why `stratified-estimate.ts` exists).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

interface AuditedItem {
  label: number;
  prediction: number;
  /** Needed for unequal-probability sampling. */
  inclusionProbability?: number;
}

export interface DesignStratum {
  name: string;
  size: number;
  /** Σ f_i over the stratum's population. */
  predictionTotal: number;
  audited: readonly AuditedItem[];
}

export interface DesignPpiInput {
  strata: readonly DesignStratum[];
  sampling: 'stratified' | 'unequal-probability';
  /** A fixed λ (0 = classical, design-weighted labels alone); default tuned and clipped to [0, 1]. */
  lambda?: number;
  alpha?: number;
}

export type DesignPpiResult =
  | { value: number; lambda: number; standardError: number; ci: [number, number] }
  | { value: null; reason: string; pointEstimate?: number; lambda?: number };

export function designPpiMean(input: DesignPpiInput): DesignPpiResult {
  const alpha = input.alpha ?? 0.05;
  const population = input.strata.reduce((sum, stratum) => sum + stratum.size, 0);
  if (!(population > 0)) return { value: null, reason: 'undefined because the population is empty' };
  const unaudited = input.strata.find((stratum) => stratum.size > 0 && stratum.audited.length === 0);
  if (unaudited !== undefined) return { value: null, reason: `undefined because stratum "${unaudited.name}" (${unaudited.size} items) has no audited item with a label` };
  const moments = input.sampling === 'stratified' ? stratifiedMoments(input.strata) : unequalMoments(input.strata);
  if (typeof moments === 'string') return { value: null, reason: moments };
  const lambda = input.lambda ?? clippedLambda(moments);
  const predictionTotal = input.strata.reduce((sum, stratum) => sum + stratum.predictionTotal, 0);
  const value = (lambda * predictionTotal + moments.labelTotal - lambda * moments.predictionTotal) / population;
  const variance = (moments.vYY - 2 * lambda * moments.vYF + lambda * lambda * moments.vFF) / (population * population);
  if (moments.unestimable !== undefined) return { value: null, reason: moments.unestimable, pointEstimate: value, lambda };
  const standardError = Math.sqrt(Math.max(0, variance));
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  return { value, lambda, standardError, ci: [value - z * standardError, value + z * standardError] };
}

/** Design-weighted totals of y and f over the audit, and the variance of the total as a quadratic in λ. */
interface Moments {
  labelTotal: number;
  predictionTotal: number;
  vYY: number;
  vYF: number;
  vFF: number;
  unestimable?: string;
}

function stratifiedMoments(strata: readonly DesignStratum[]): Moments | string {
  const moments: Moments = { labelTotal: 0, predictionTotal: 0, vYY: 0, vYF: 0, vFF: 0 };
  for (const stratum of strata) {
    const n = stratum.audited.length;
    if (stratum.size === 0 || n === 0) continue;
    if (n > stratum.size) return `undefined because stratum "${stratum.name}" has more audited items (${n}) than items (${stratum.size})`;
    const y = stratum.audited.map((item) => item.label);
    const f = stratum.audited.map((item) => item.prediction);
    moments.labelTotal += (stratum.size * sum(y)) / n;
    moments.predictionTotal += (stratum.size * sum(f)) / n;
    if (n === stratum.size) continue; // audited in full: no sampling variance
    if (n === 1) {
      moments.unestimable ??= `undefined because stratum "${stratum.name}" has 1 audited item of ${stratum.size}, so its variance cannot be estimated`;
      continue;
    }
    const factor = (stratum.size * stratum.size * (1 - n / stratum.size)) / n;
    moments.vYY += factor * covariance(y, y);
    moments.vYF += factor * covariance(y, f);
    moments.vFF += factor * covariance(f, f);
  }
  return moments;
}

function unequalMoments(strata: readonly DesignStratum[]): Moments | string {
  const items = strata.flatMap((stratum) => stratum.audited);
  if (items.some((item) => !(item.inclusionProbability !== undefined && item.inclusionProbability > 0 && item.inclusionProbability <= 1))) {
    return 'undefined because an audited item has no inclusion probability in (0, 1]';
  }
  const u = items.map((item) => item.label / item.inclusionProbability!);
  const v = items.map((item) => item.prediction / item.inclusionProbability!);
  const n = items.length;
  const moments: Moments = { labelTotal: sum(u), predictionTotal: sum(v), vYY: 0, vYF: 0, vFF: 0 };
  if (n < 2) return { ...moments, unestimable: 'undefined because 1 audited item gives no variance' };
  const factor = n; // n/(n−1)·Σ(z−z̄)² = n·covariance (ddof 1)
  moments.vYY = factor * covariance(u, u);
  moments.vYF = factor * covariance(u, v);
  moments.vFF = factor * covariance(v, v);
  return moments;
}

function clippedLambda(moments: Moments): number {
  const scale = Math.max(1e-300, moments.vYY, moments.vFF);
  if (!(moments.vFF > 1e-12 * scale)) return 0;
  return Math.min(1, Math.max(0, moments.vYF / moments.vFF));
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Sample covariance (ddof 1). */
function covariance(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return 0;
  const meanA = sum(a) / n;
  const meanB = sum(b) / n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (a[i]! - meanA) * (b[i]! - meanB);
  return total / (n - 1);
}
