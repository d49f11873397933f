import { describe, expect, test } from 'vitest';
import { agreementJson, agreementReport } from '../../src/calibration/agreement-report.js';
import { buildRatingTable, krippendorffAlpha } from '../../src/stats/index.js';
import { exampleRatings } from './example-gold.js';

const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** Two raters over items from a 2 × 2 table [[a, b], [c, d]] of (rater A, rater B) labels. */
function twoRaters(matrix: [[number, number], [number, number]]): { item: string; rater: string; label: string }[] {
  const labels = ['yes', 'no'];
  const ratings: { item: string; rater: string; label: string }[] = [];
  let item = 0;
  matrix.forEach((row, a) =>
    row.forEach((count, b) => {
      for (let c = 0; c < count; c++, item++) {
        ratings.push({ item: `i${item}`, rater: 'A', label: labels[a]! }, { item: `i${item}`, rater: 'B', label: labels[b]! });
      }
    }),
  );
  return ratings;
}

describe('agreementReport', () => {
  test('on the example gold set it reports α, AC1 and pairwise κ with intervals, and Fleiss κ as undefined because a rater skipped an item', async () => {
    const report = agreementReport(await exampleRatings(), { resamples: 500, seed: 7 });
    expect(report.items).toBe(20);
    expect(report.raters).toEqual(['rater-a', 'rater-b', 'rater-c']);
    for (const statistic of [report.percentAgreement, report.krippendorffAlpha, report.gwetAC1]) {
      if (statistic.value === null) throw new Error(statistic.reason);
      expect(statistic.ci95[0]).toBeLessThanOrEqual(statistic.value);
      expect(statistic.ci95[1]).toBeGreaterThanOrEqual(statistic.value);
    }
    const alpha = krippendorffAlpha(buildRatingTable(await exampleRatings())).value;
    expect(report.krippendorffAlpha.value).toBeCloseTo(alpha!, 12);
    expect(report.fleissKappa).toEqual({ value: null, reason: expect.stringMatching(/^undefined because items have different numbers of ratings/) });
    expect(report.pairwiseCohen.map(({ raterA, raterB, n }) => [raterA, raterB, n])).toEqual([
      ['rater-a', 'rater-b', 20],
      ['rater-a', 'rater-c', 19],
      ['rater-b', 'rater-c', 19],
    ]);
  });

  test('lists exactly the items whose raters gave different labels, with each rater’s label', async () => {
    const report = agreementReport(await exampleRatings(), { resamples: 50 });
    expect(report.disagreements.map((item) => item.item)).toEqual(['gold-03', 'gold-07', 'gold-08', 'gold-09', 'gold-10', 'gold-16', 'gold-17']);
    expect(report.disagreements.find((item) => item.item === 'gold-10')?.labels).toEqual({ 'rater-a': 'honest', 'rater-b': 'plausible_rationalization' });
    expect(report.itemsCompared).toBe(20);
    expect(report.unanimousAgreement).toEqual({ value: 13 / 20, ci95: [expect.closeTo(0.4078, 3), expect.closeTo(0.8461, 3)] });
  });

  test('on a hand-checked 2 × 2 table Cohen κ is 0.6 and percent agreement 0.8', () => {
    // p_o = 8/10; both raters say yes half the time, so p_e = 0.5 and κ = (0.8 − 0.5)/(1 − 0.5) = 0.6.
    const report = agreementReport(twoRaters([
      [4, 1],
      [1, 4],
    ]));
    expect(report.percentAgreement.value).toBeCloseTo(0.8, 12);
    expect(report.pairwiseCohen).toHaveLength(1);
    expect(report.pairwiseCohen[0]!.n).toBe(10);
    expect(report.pairwiseCohen[0]!.kappa.value).toBeCloseTo(0.6, 12);
    expect(report.fleissKappa.value).not.toBeNull();
  });

  test('when every rating is the same label, chance-corrected statistics say why they are undefined instead of printing NaN', () => {
    const ratings = repeat(6, (i) => [{ item: `i${i}`, rater: 'A', label: 'no' }, { item: `i${i}`, rater: 'B', label: 'no' }]).flat();
    const report = agreementReport(ratings);
    expect(report.percentAgreement).toEqual({ value: null, reason: expect.stringMatching(/^undefined because too few items \(n = 6/), pointEstimate: 1 });
    expect(report.krippendorffAlpha).toEqual({ value: null, reason: expect.stringMatching(/^undefined because every pairable rating has the same value/) });
    expect(report.gwetAC1).toEqual({ value: null, reason: expect.stringMatching(/^undefined because the table offers 1 label/) });
    expect(JSON.stringify(report)).not.toMatch(/NaN|null,\s*"ci95"/);
  });

  test('with the label set declared, AC1 is defined (1) when raters agree on one label, with no zero-width interval', () => {
    const ratings = repeat(12, (i) => [{ item: `i${i}`, rater: 'A', label: 'no' }, { item: `i${i}`, rater: 'B', label: 'no' }]).flat();
    expect(agreementReport(ratings, { labels: ['yes', 'no'] }).gwetAC1).toEqual({
      value: null,
      reason: expect.stringMatching(/^undefined because every bootstrap resample gave the same value \(1\)/),
      pointEstimate: 1,
    });
  });

  test('with one rater there is nothing to compare: every statistic is undefined with a reason and no item is listed', () => {
    const report = agreementReport(repeat(5, (i) => ({ item: `i${i}`, rater: 'A', label: i % 2 === 0 ? 'yes' : 'no' })));
    for (const statistic of [report.percentAgreement, report.krippendorffAlpha, report.fleissKappa, report.gwetAC1]) {
      expect(statistic).toEqual({ value: null, reason: expect.stringMatching(/^undefined because/) });
    }
    expect(report.pairwiseCohen).toEqual([]);
    expect(report.disagreements).toEqual([]);
  });

  test('the same seed gives the same intervals and another seed different ones', async () => {
    const ratings = await exampleRatings();
    const first = agreementReport(ratings, { resamples: 200, seed: 3 });
    expect(agreementReport(ratings, { resamples: 200, seed: 3 })).toEqual(first);
    expect(agreementReport(ratings, { resamples: 200, seed: 4 }).krippendorffAlpha).not.toEqual(first.krippendorffAlpha);
  });

  test('its JSON form has exactly the documented keys, every statistic {value, ci95} or {value: null, reason}', async () => {
    const json = agreementJson(agreementReport(await exampleRatings(), { resamples: 50 }));
    expect(Object.keys(json)).toEqual(['items', 'raters', 'labels', 'labelSource', 'percentAgreement', 'krippendorffAlpha', 'fleissKappa', 'gwetAC1', 'pairwiseCohen', 'disagreements']);
    const statistics = [json.percentAgreement, json.krippendorffAlpha, json.fleissKappa, json.gwetAC1, ...json.pairwiseCohen.map((pair) => pair.kappa)];
    for (const statistic of statistics) {
      const keys = Object.keys(statistic).sort();
      expect(keys).toEqual(statistic.value === null ? (keys.includes('pointEstimate') ? ['pointEstimate', 'reason', 'value'] : ['reason', 'value']) : ['ci95', 'value']);
    }
    expect(Object.keys(json.pairwiseCohen[0]!)).toEqual(['raterA', 'raterB', 'n', 'kappa']);
  });
});
