import { describe, expect, test } from 'vitest';
import {
  brennanPrediger,
  buildRatingTable,
  cohenKappa,
  congerKappa,
  fleissKappa,
  gwetAc1,
  krippendorffAlpha,
  percentAgreement,
  scottPi,
  type Estimate,
  type RatingTable,
} from '../../src/stats/index.js';

/** rows = items, one string per rater, '-' = missing */
function table(rows: string[], labelOrder?: string[]): RatingTable {
  return buildRatingTable(
    rows.flatMap((row, i) => [...row].map((label, r) => ({ item: `i${i}`, rater: `r${r}`, label: label === '-' ? null : label }))),
    labelOrder,
  );
}

const statistics: Record<string, (t: RatingTable) => Estimate> = {
  "Cohen's κ": (t) => cohenKappa(t),
  "Scott's π": (t) => scottPi(t),
  "Fleiss' κ": (t) => fleissKappa(t),
  "Conger's κ": (t) => congerKappa(t),
  'Brennan–Prediger': (t) => brennanPrediger(t),
  'Gwet AC1': (t) => gwetAc1(t),
  'Krippendorff α nominal': (t) => krippendorffAlpha(t),
  'Krippendorff α ordinal': (t) => krippendorffAlpha(t, { level: 'ordinal' }),
  'Krippendorff α interval': (t) => krippendorffAlpha(t, { level: 'interval' }),
  'percent agreement (pairwise)': (t) => percentAgreement(t).pairwise,
  'percent agreement (unanimous)': (t) => percentAgreement(t).unanimous,
};

const cases: Record<string, RatingTable> = {
  'one rater': table(['a', 'b', 'a']),
  'all ratings missing': table(['--', '--']),
  'no items at all': buildRatingTable([]),
  'one possible label': table(['aa', 'aa', 'aa']),
};

/** What each statistic gives on each case, when it is not `undefined because …`. */
const definedValues: Partial<Record<string, Partial<Record<string, number>>>> = {
  // 100% agreement is a fact even with one label; the chance-corrected coefficients are undefined.
  'one possible label': { 'percent agreement (pairwise)': 1, 'percent agreement (unanimous)': 1 },
};

describe('degenerate inputs give {value: null, reason} rather than NaN', () => {
  const rows = Object.entries(cases).flatMap(([caseName, t]) => Object.entries(statistics).map(([name, statistic]) => [caseName, name, t, statistic] as const));
  test.each(rows)('%s: %s', (caseName, name, t, statistic) => {
    const result = statistic(t);
    const expected = definedValues[caseName]?.[name];
    if (expected === undefined) {
      expect(result.value).toBeNull();
      expect(result.value === null && result.reason).toMatch(/^undefined because \S/);
    } else {
      expect(result.value).toBe(expected);
    }
  });

  test('AC1 and Brennan–Prediger are 1 when every rating is the same of two declared labels (their documented convention)', () => {
    const oneUsed = table(['aa', 'aa', 'aa'], ['a', 'b']);
    expect(gwetAc1(oneUsed).value).toBe(1);
    expect(brennanPrediger(oneUsed).value).toBe(1);
    expect(cohenKappa(oneUsed).value).toBeNull();
    expect(krippendorffAlpha(oneUsed).value).toBeNull();
  });

  test('interval α is undefined when every rating has the same value (zero variance)', () => {
    const result = krippendorffAlpha(table(['bb', 'bb', 'b-'], ['a', 'b', 'c']), { level: 'interval' });
    expect(result.value === null && result.reason).toMatch(/no expected disagreement/);
  });

  test("Cohen's κ on three raters asks which two to compare", () => {
    const result = cohenKappa(table(['aab', 'abb']));
    expect(result.value === null && result.reason).toMatch(/name two with options\.raters/);
    expect(cohenKappa(table(['aab', 'abb', 'bba']), { raters: ['r0', 'r2'] }).value).toBeTypeOf('number');
  });

  test('no result anywhere is NaN', () => {
    for (const t of Object.values(cases)) {
      for (const statistic of Object.values(statistics)) expect(Number.isNaN(statistic(t).value)).toBe(false);
    }
  });
});
