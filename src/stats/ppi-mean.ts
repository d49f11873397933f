/**
 * Prediction-powered estimate of a mean, with PPI++ power tuning (a one-dimensional mean, e.g. the
 * prevalence of a label).
 *
 * Sources: Angelopoulos, Bates, Fannjiang, Jordan & Zrnic (2023), "Prediction-powered inference",
 * Science 382:669–674; Angelopoulos, Duchi & Zrnic (2023), "PPI++: Efficient prediction-powered
 * inference", arXiv:2311.01453 (λ, eq. for the mean). Written to agree, to 1e-9, with the MIT-licensed
 * `ppi_py` package's `ppi_mean_pointestimate` / `ppi_mean_ci` (lam=None: λ estimated and clipped):
 *
 *   θ(λ) = mean(w_u · λ·Ŷ_u) + mean(w · (Y − λ·Ŷ))
 *   se²  = sd(w_u · λ·Ŷ_u)²/N + sd(w · (Y − λ·Ŷ))²/n        (population sd, ddof 0)
 *   interval θ ± z(1−α/2)·se
 *   λ̂   = clip( Σ(g−ḡ)(ĝ−ĝ̄)/n / ((1 + n/N) · var₁([ĝ; ĝ_u])), 0, 1 )
 * with g = w(Y−θ₁), ĝ = w(Ŷ−θ₁), ĝ_u = w_u(Ŷ_u−θ₁), θ₁ = θ(1), var₁ the ddof-1 variance; weights
 * are normalised to sum to their sample size. When the predictions have no variance, λ is 0 (the
 * classical interval): the denominator is 0 and no power can be borrowed.
 *
 * This treats the unlabelled items as a sample from a larger population (the `sd²/N` term), as
 * ppi_py does; it is the estimator for a simple random audit. Audits drawn with unequal
 * probabilities use `design-ppi-mean.ts`.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface PpiMeanInput {
  /** Gold labels of the audited items (1/0 for a prevalence). */
  labels: readonly number[];
  /** The grader's predictions on the same audited items. */
  predictions: readonly number[];
  /** The grader's predictions on the items not audited. */
  unlabeledPredictions: readonly number[];
  weights?: readonly number[];
  unlabeledWeights?: readonly number[];
  /** A fixed λ (1 = PPI, 0 = classical); default estimated and clipped to [0, 1]. */
  lambda?: number;
  /** Default 0.05. */
  alpha?: number;
}

export interface PpiMeanResult {
  estimate: number;
  lambda: number;
  standardError: number;
  /** As computed: may leave [0, 1]. */
  ci: [number, number];
}

export function ppiMean(input: PpiMeanInput): PpiMeanResult {
  const n = input.labels.length;
  const N = input.unlabeledPredictions.length;
  if (n === 0) throw new RangeError('ppiMean needs at least one audited item');
  if (N === 0) throw new RangeError('ppiMean needs at least one item that was not audited');
  if (input.predictions.length !== n) throw new RangeError(`ppiMean: ${n} labels but ${input.predictions.length} predictions`);
  const alpha = input.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`ppiMean needs 0 < alpha < 1, got ${alpha}`);
  const w = normalisedWeights(input.weights, n, 'weights');
  const wu = normalisedWeights(input.unlabeledWeights, N, 'unlabeledWeights');
  const lambda = input.lambda ?? tunedLambda(input.labels, input.predictions, input.unlabeledPredictions, w, wu);
  const imputed = input.unlabeledPredictions.map((prediction, i) => wu[i]! * lambda * prediction);
  const rectifier = input.labels.map((label, i) => w[i]! * (label - lambda * input.predictions[i]!));
  const estimate = mean(imputed) + mean(rectifier);
  const standardError = Math.sqrt(populationVariance(imputed) / N + populationVariance(rectifier) / n);
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  return { estimate, lambda, standardError, ci: [estimate - z * standardError, estimate + z * standardError] };
}

/** The power-tuning λ of PPI++ for a mean, clipped to [0, 1]. */
function tunedLambda(Y: readonly number[], Yhat: readonly number[], YhatU: readonly number[], w: number[], wu: number[]): number {
  const n = Y.length;
  const N = YhatU.length;
  let theta1 = 0;
  for (let i = 0; i < N; i++) theta1 += wu[i]! * YhatU[i]!;
  theta1 /= N;
  let rectifier = 0;
  for (let i = 0; i < n; i++) rectifier += w[i]! * (Y[i]! - Yhat[i]!);
  theta1 += rectifier / n;
  const grads = Y.map((y, i) => w[i]! * (y - theta1));
  const gradsHat = Yhat.map((yhat, i) => w[i]! * (yhat - theta1));
  const gradsHatUnlabeled = YhatU.map((yhat, i) => wu[i]! * (yhat - theta1));
  const gMean = mean(grads);
  const hMean = mean(gradsHat);
  let covariance = 0;
  for (let i = 0; i < n; i++) covariance += (grads[i]! - gMean) * (gradsHat[i]! - hMean);
  covariance = (2 * covariance) / n;
  const pooled = [...gradsHat, ...gradsHatUnlabeled];
  const variance = sampleVariance(pooled);
  // Constant predictions leave only rounding noise in the variance (≈1e-33), and noise over noise
  // is not a λ: below a relative 1e-12 the predictions count as constant.
  const scale = Math.max(1e-300, mean(pooled.map((value) => value * value)));
  if (!(variance > 1e-12 * scale)) return 0;
  const denominator = 2 * (1 + n / N) * variance;
  return Math.min(1, Math.max(0, covariance / denominator));
}

function normalisedWeights(weights: readonly number[] | undefined, size: number, name: string): number[] {
  if (weights === undefined) return new Array<number>(size).fill(1);
  if (weights.length !== size) throw new RangeError(`ppiMean: ${name} has ${weights.length} entries for ${size} items`);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (!(total > 0) || weights.some((weight) => !(weight >= 0))) throw new RangeError(`ppiMean: ${name} must be ≥ 0 with a positive sum`);
  return weights.map((weight) => (weight / total) * size);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function populationVariance(values: readonly number[]): number {
  const center = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - center) ** 2;
  return sum / values.length;
}

function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return (populationVariance(values) * values.length) / (values.length - 1);
}
