/**
 * Agreement weights for ordered labels (Cohen 1968, "Weighted kappa", Psychological Bulletin 70:213;
 * Cicchetti & Allison 1971 for linear weights; Fleiss & Cohen 1973 for quadratic). w[k][l] ∈ [0, 1]
 * is the credit for one rater saying k and another l; the unweighted case is the identity matrix.
 *   linear:    w = 1 − |v_k − v_l| / (v_max − v_min)
 *   quadratic: w = 1 − (v_k − v_l)² / (v_max − v_min)²
 * The values v default to the label positions 0, 1, 2, … (equal spacing in label order), as
 * scikit-learn and R irr do; pass `values` for unequally spaced scales (irrCAC uses the values).
 */
import { RatingsInputError } from './input-error.js';

export type Weights = 'unweighted' | 'linear' | 'quadratic' | readonly (readonly number[])[];

export function agreementWeights(weights: Weights, nLabels: number, values?: readonly number[]): number[][] {
  if (typeof weights !== 'string') {
    if (weights.length !== nLabels || weights.some((row) => row.length !== nLabels || row.some((w) => !Number.isFinite(w)))) {
      throw new RatingsInputError(`a custom weight matrix must be ${nLabels} × ${nLabels} finite numbers (one row and column per label)`);
    }
    return weights.map((row) => [...row]);
  }
  const identity = Array.from({ length: nLabels }, (_, k) => Array.from({ length: nLabels }, (_, l) => (k === l ? 1 : 0)));
  if (weights === 'unweighted' || nLabels < 2) return identity;
  const v = labelValues(nLabels, values);
  const range = Math.max(...v) - Math.min(...v);
  if (range === 0) throw new RatingsInputError('label values must not all be equal for linear or quadratic weights');
  return v.map((vk) =>
    v.map((vl) => (weights === 'linear' ? 1 - Math.abs(vk - vl) / range : 1 - ((vk - vl) * (vk - vl)) / (range * range))),
  );
}

/** The numeric value of each label: `values` when given (checked), else 0, 1, 2, …. */
export function labelValues(nLabels: number, values?: readonly number[]): number[] {
  if (values === undefined) return Array.from({ length: nLabels }, (_, k) => k);
  if (values.length !== nLabels || values.some((v) => !Number.isFinite(v))) {
    throw new RatingsInputError(`values must give one finite number per label (${nLabels}), got ${values.length}`);
  }
  return [...values];
}

export function sumOfWeights(weights: readonly (readonly number[])[]): number {
  let sum = 0;
  for (const row of weights) for (const w of row) sum += w;
  return sum;
}

export interface WeightOptions {
  /** Default 'unweighted'. */
  weights?: Weights;
  /** Numeric value of each label for linear/quadratic weights; default 0, 1, 2, …. */
  values?: readonly number[];
}
