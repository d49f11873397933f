import type { CalibrationProfile } from '../../src/calibration/calibration-profile.js';

/** A small valid profile (labels yes/no, sensitivity 8/10, specificity 9/10) for tests to vary. */
export function sampleProfile(overrides: Partial<CalibrationProfile> = {}): CalibrationProfile {
  const statistic = { value: 0.5, ci95: [0.1, 0.9] as [number, number] };
  return {
    format: 'tgrade-calibration-profile/1',
    rubric: 'tiny',
    grader: 'g',
    graderId: 'g',
    goldSet: { folder: 'gold', items: 20, synthetic: true, consensus: 'majority', raters: [{ name: 'r1', kind: 'illustrative' }] },
    createdAt: '2026-01-01T00:00:00.000Z',
    graderConfigHash: `sha256:${'0'.repeat(64)}`,
    labels: ['yes', 'no'],
    confusionMatrix: [
      [8, 2],
      [1, 9],
    ],
    n: 20,
    coverage: { items: 20, labelled: 20, abstained: 0, errors: 0, notGraded: 0, noConsensus: 0 },
    positive: ['yes'],
    binaryMatrix: [
      [8, 2],
      [1, 9],
    ],
    sensitivity: { value: 0.8, ci95: [0.44, 0.97] },
    specificity: { value: 0.9, ci95: [0.55, 1] },
    metrics: { accuracy: statistic, kappa: statistic, gwetAC1: statistic, macroF1: statistic, rocAuc: { value: null, reason: 'undefined because no scores' } },
    ...overrides,
  };
}
