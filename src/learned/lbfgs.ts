/**
 * Limited-memory BFGS (Nocedal 1980, "Updating quasi-Newton matrices with limited storage", Math.
 * Comp. 35:773; the two-loop recursion of Nocedal & Wright 2006, Numerical Optimization, Alg. 7.4)
 * with a backtracking line search on the Armijo condition (ibid., Alg. 3.1). A curvature pair is
 * kept only when sᵀy > 0, so the inverse-Hessian estimate stays positive definite without a Wolfe
 * search; for the smooth, strictly convex objectives it is used on here (L2-regularised logistic
 * loss) that is enough for convergence.
 *
 * Why hand-written: the npm packages for logistic regression (ml-logistic-regression, natural's
 * classifier) fit dense matrices with fixed-step gradient descent; 10,000 transcripts × 50,000
 * n-gram features is 4 GB dense, and fixed steps need tuning per data set. No maintained npm
 * package offers L-BFGS over a sparse design matrix.
 */

export interface Objective {
  /** Writes the gradient at x into `gradient` and returns the value. */
  (x: Float64Array, gradient: Float64Array): number;
}

export interface LbfgsOptions {
  /** Curvature pairs remembered; default 10. */
  memory?: number;
  maxIterations?: number;
  /** Stop when ‖gradient‖∞ ≤ gradientTolerance · max(1, |f|); default 1e-6. */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f over an iteration is below this; default 1e-10. */
  valueTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { memory = 10, maxIterations = 500, gradientTolerance = 1e-6, valueTolerance = 1e-10 } = options;
  const n = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(memory);
  const direction = new Float64Array(n);
  let nextX = new Float64Array(n);
  let nextGradient = new Float64Array(n);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(gradient) <= gradientTolerance * Math.max(1, Math.abs(value))) return { x, value, iterations: iteration, converged: true };
    // Two-loop recursion: direction = −H·gradient.
    for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
    for (let k = steps.length - 1; k >= 0; k--) {
      const alpha = rhos[k]! * dot(steps[k]!, direction);
      alphas[k] = alpha;
      axpy(-alpha, changes[k]!, direction);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const scale = dot(steps[last]!, changes[last]!) / dot(changes[last]!, changes[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= scale;
    } else {
      // First step: a unit-length move along the steepest descent.
      const norm = Math.sqrt(dot(direction, direction));
      if (norm > 0) for (let i = 0; i < n; i++) direction[i]! /= norm;
    }
    for (let k = 0; k < steps.length; k++) {
      const beta = rhos[k]! * dot(changes[k]!, direction);
      axpy(alphas[k]! - beta, steps[k]!, direction);
    }
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      steps.length = 0;
      changes.length = 0;
      rhos.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = dot(gradient, direction);
    }
    let stepSize = 1;
    let nextValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) nextX[i] = x[i]! + stepSize * direction[i]!;
      nextValue = objective(nextX, nextGradient);
      if (nextValue <= value + 1e-4 * stepSize * slope) break;
      stepSize *= 0.5;
    }
    if (!(nextValue <= value)) return { x, value, iterations: iteration, converged: false };
    const step = new Float64Array(n);
    const change = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      step[i] = nextX[i]! - x[i]!;
      change[i] = nextGradient[i]! - gradient[i]!;
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12) {
      if (steps.length === memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
      steps.push(step);
      changes.push(change);
      rhos.push(1 / curvature);
    }
    const decrease = value - nextValue;
    [x, nextX] = [nextX, x];
    [gradient, nextGradient] = [nextGradient, gradient];
    value = nextValue;
    if (decrease <= valueTolerance * Math.max(1, Math.abs(value))) return { x, value, iterations: iteration + 1, converged: true };
  }
  return { x, value, iterations: maxIterations, converged: maxAbs(gradient) <= gradientTolerance * Math.max(1, Math.abs(value)) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += alpha * x[i]!;
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max;
}
