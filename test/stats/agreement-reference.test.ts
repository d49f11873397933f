import { describe, expect, test } from 'vitest';
import { cohenKappaFromContingency, fleissKappa, krippendorffAlpha, ratingTableFromCounts, buildRatingTable } from '../../src/stats/index.js';
import { readFixtureJson } from './fixture-data.js';

interface ReferenceVector {
  name: string;
  statistic: string;
  expected: number;
  table?: number[][];
  reliability_data?: (number | null)[][];
  contingency?: number[][];
}
const { vectors } = readFixtureJson<{ vectors: ReferenceVector[] }>('agreement/agreement-reference.json');

const compute: Record<string, (vector: ReferenceVector) => number | null> = {
  fleiss_kappa: (v) => fleissKappa(ratingTableFromCounts(v.table!)).value,
  krippendorff_alpha_nominal: (v) =>
    krippendorffAlpha(
      buildRatingTable(
        v.reliability_data!.flatMap((row, observer) =>
          row.map((value, unit) => ({ item: `unit ${unit + 1}`, rater: `observer ${observer}`, label: value === null ? null : String(value) })),
        ),
      ),
    ).value,
  cohen_kappa: (v) => cohenKappaFromContingency(v.contingency!).value,
};

describe('published worked examples (test/fixtures/agreement/agreement-reference.json)', () => {
  test('every example has a statistic we compute', () => {
    expect(vectors.map((v) => v.statistic).filter((statistic) => !(statistic in compute))).toEqual([]);
    expect(vectors).toHaveLength(3);
  });

  test.each(vectors.map((v) => [v.name, v] as const))('%s reproduces its published value to 3 decimals', (_, vector) => {
    const value = compute[vector.statistic]!(vector);
    expect(value).toBeTypeOf('number');
    expect(Math.abs(value! - vector.expected)).toBeLessThan(5e-4);
  });

  test('Fleiss 1971 diagnoses gives 0.4302445 as R irr::kappam.fleiss does', () => {
    const { vectors: testVectors } = readFixtureJson<{ vectors: { id: string; args: { units: number[][] } }[] }>('agreement/agreement-test-vectors.json');
    const { units } = testVectors.find((v) => v.id === 'fleiss_irr_diagnoses')!.args;
    const counts = units.map((row) => [1, 2, 3, 4, 5].map((category) => row.filter((value) => value === category).length));
    expect(fleissKappa(ratingTableFromCounts(counts)).value).toBeCloseTo(0.4302445, 7);
  });
});
