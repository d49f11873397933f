import { describe, expect, test } from 'vitest';
import { minimizeLbfgs } from '../../src/learned/lbfgs.js';

describe('minimizeLbfgs', () => {
  test('finds the minimum of a convex quadratic, known in closed form', () => {
    // f(x) = ½ xᵀAx − bᵀx with A = [[3, 1], [1, 2]], b = [1, 1]: minimum at A⁻¹b = [1/5, 2/5].
    const result = minimizeLbfgs(
      (x, gradient) => {
        gradient[0] = 3 * x[0]! + x[1]! - 1;
        gradient[1] = x[0]! + 2 * x[1]! - 1;
        return 0.5 * (3 * x[0]! ** 2 + 2 * x[0]! * x[1]! + 2 * x[1]! ** 2) - x[0]! - x[1]!;
      },
      new Float64Array(2),
      { gradientTolerance: 1e-12, valueTolerance: 0 },
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(0.2, 8);
    expect(result.x[1]).toBeCloseTo(0.4, 8);
  });

  test('finds the minimum of the Rosenbrock function at (1, 1)', () => {
    const result = minimizeLbfgs(
      (x, gradient) => {
        const [a, b] = [x[0]!, x[1]!];
        gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        gradient[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.of(-1.2, 1),
      { gradientTolerance: 1e-10, valueTolerance: 0, maxIterations: 2000 },
    );
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });
});
