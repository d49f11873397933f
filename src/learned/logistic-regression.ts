/**
 * L2-regularised logistic regression over sparse rows, minimised with L-BFGS (./lbfgs.ts).
 * Objective, in the convention of LIBLINEAR and scikit-learn (Fan et al. 2008, "LIBLINEAR: A library
 * for large linear classification", JMLR 9:1871, eq. 2):
 *     ½‖W‖² + C · Σᵢ loss(xᵢ, yᵢ)        (intercepts are not penalised)
 * Two labels: one weight vector, P(label 1 | x) = σ(w·x + b), loss = log(1 + e^z) − y·z.
 * More labels: multinomial (softmax) with one vector per label, loss = log Σₖ e^{zₖ} − z_y.
 * Larger C means weaker regularisation.
 */
import { minimizeLbfgs, type LbfgsOptions } from './lbfgs.js';
import { rowCount, type SparseRows, type SparseVector } from './sparse-rows.js';

export interface LinearWeights {
  /** Number of labels (≥ 2). */
  labels: number;
  /** Rows of weights: 1 for two labels, `labels` otherwise; each of length `width`. */
  weights: Float64Array[];
  intercepts: Float64Array;
  width: number;
}

export interface FitOptions extends LbfgsOptions {
  /** Inverse regularisation strength. */
  c: number;
  /** Warm start (e.g. the solution for a neighbouring C). */
  start?: LinearWeights;
}

export interface FitResult {
  model: LinearWeights;
  iterations: number;
  converged: boolean;
}

export function fitLogisticRegression(rows: SparseRows, labels: Int32Array, labelCount: number, options: FitOptions): FitResult {
  if (!(options.c > 0)) throw new RangeError(`C must be positive, got ${options.c}`);
  const vectors = labelCount === 2 ? 1 : labelCount;
  const width = rows.width;
  const size = vectors * (width + 1);
  const start = new Float64Array(size);
  if (options.start !== undefined && options.start.width === width && options.start.weights.length === vectors) {
    options.start.weights.forEach((weights, k) => start.set(weights, k * width));
    start.set(options.start.intercepts, vectors * width);
  }
  const objective = vectors === 1 ? binaryObjective(rows, labels, options.c) : softmaxObjective(rows, labels, labelCount, options.c);
  // scikit-learn's lbfgs tolerance (1e-4) by default: tighter moves no prediction in the third
  // decimal. The iteration cap (scikit-learn's is 100) matters on separable data with a large C,
  // where the optimum lies far out and the last iterations only stretch the weights.
  const result = minimizeLbfgs(objective, start, { maxIterations: 200, gradientTolerance: 1e-4, ...options });
  const weights = Array.from({ length: vectors }, (_, k) => result.x.slice(k * width, (k + 1) * width));
  return { model: { labels: labelCount, weights, intercepts: result.x.slice(vectors * width), width }, iterations: result.iterations, converged: result.converged };
}

/** P(label k | x) for every label. */
export function predictProbabilities(model: LinearWeights, vector: SparseVector): number[] {
  const scores = model.weights.map((weights, k) => model.intercepts[k]! + sparseDot(weights, vector));
  if (model.labels === 2) {
    const positive = sigmoid(scores[0]!);
    return [1 - positive, positive];
  }
  return softmax(scores);
}

function sparseDot(weights: Float64Array, vector: SparseVector): number {
  let sum = 0;
  for (let e = 0; e < vector.columns.length; e++) sum += weights[vector.columns[e]!]! * vector.values[e]!;
  return sum;
}

function binaryObjective(rows: SparseRows, labels: Int32Array, c: number) {
  const n = rowCount(rows);
  const { offsets, columns, values, width } = rows;
  return (x: Float64Array, gradient: Float64Array): number => {
    let value = 0;
    for (let j = 0; j < width; j++) {
      value += 0.5 * x[j]! * x[j]!;
      gradient[j] = x[j]!;
    }
    gradient[width] = 0;
    const intercept = x[width]!;
    for (let i = 0; i < n; i++) {
      let z = intercept;
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) z += x[columns[e]!]! * values[e]!;
      const y = labels[i]!;
      // log(1 + e^z) computed without overflow.
      value += c * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
      const residual = c * (sigmoid(z) - y);
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) gradient[columns[e]!]! += residual * values[e]!;
      gradient[width]! += residual;
    }
    return value;
  };
}

function softmaxObjective(rows: SparseRows, labels: Int32Array, labelCount: number, c: number) {
  const n = rowCount(rows);
  const { offsets, columns, values, width } = rows;
  const scores = new Float64Array(labelCount);
  const interceptsAt = labelCount * width;
  return (x: Float64Array, gradient: Float64Array): number => {
    let value = 0;
    for (let j = 0; j < interceptsAt; j++) {
      value += 0.5 * x[j]! * x[j]!;
      gradient[j] = x[j]!;
    }
    for (let k = 0; k < labelCount; k++) gradient[interceptsAt + k] = 0;
    for (let i = 0; i < n; i++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < labelCount; k++) {
        let z = x[interceptsAt + k]!;
        const base = k * width;
        for (let e = offsets[i]!; e < offsets[i + 1]!; e++) z += x[base + columns[e]!]! * values[e]!;
        scores[k] = z;
        if (z > max) max = z;
      }
      let total = 0;
      for (let k = 0; k < labelCount; k++) total += Math.exp(scores[k]! - max);
      const y = labels[i]!;
      value += c * (max + Math.log(total) - scores[y]!);
      for (let k = 0; k < labelCount; k++) {
        const residual = c * (Math.exp(scores[k]! - max) / total - (k === y ? 1 : 0));
        const base = k * width;
        for (let e = offsets[i]!; e < offsets[i + 1]!; e++) gradient[base + columns[e]!]! += residual * values[e]!;
        gradient[interceptsAt + k]! += residual;
      }
    }
    return value;
  };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}
