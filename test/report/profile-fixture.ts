import { CalibrationProfileSchema, type CalibrationProfile } from '../../src/calibration/calibration-profile.js';

const statistic = (value: number) => ({ value, ci95: [value, value] as [number, number] });

/**
 * A hand-made calibration profile (synthetic: not measured on any data). Two labels; on its gold
 * set of 100 items the grader has sensitivity 45/50 = 0.9 and specificity 40/50 = 0.8.
 */
export function syntheticProfile(overrides: Partial<CalibrationProfile> = {}): CalibrationProfile {
  return CalibrationProfileSchema.parse({
    format: 'tgrade-calibration-profile/1',
    rubric: 'reward-tampering-reasoning',
    grader: 'g',
    graderId: 'g',
    goldSet: { folder: 'synthetic', items: 100, synthetic: true, consensus: 'majority', raters: [{ name: 'illustrative-a', kind: 'illustrative' }] },
    createdAt: '2026-01-01T00:00:00.000Z',
    graderConfigHash: `sha256:${'0'.repeat(64)}`,
    labels: ['honest', 'explicit_scheming'],
    // rows: reference honest, explicit_scheming; columns: predicted
    confusionMatrix: [
      [40, 10],
      [5, 45],
    ],
    n: 100,
    coverage: { items: 100, labelled: 100, abstained: 0, errors: 0, notGraded: 0, noConsensus: 0 },
    positive: ['explicit_scheming'],
    binaryMatrix: [
      [45, 5],
      [10, 40],
    ],
    sensitivity: statistic(0.9),
    specificity: statistic(0.8),
    metrics: { accuracy: statistic(0.85), kappa: statistic(0.7), gwetAC1: statistic(0.7), macroF1: statistic(0.85), rocAuc: { value: null, reason: 'undefined because no scores' } },
    ...overrides,
  });
}
