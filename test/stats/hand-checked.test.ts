import { describe, expect, test } from 'vitest';
import {
  brennanPrediger,
  buildRatingTable,
  cohenKappa,
  cohenKappaFromContingency,
  coincidenceMatrix,
  congerKappa,
  fleissKappa,
  gwetAc1,
  krippendorffAlpha,
  percentAgreement,
  ratingTableFromContingency,
  ratingTableFromCounts,
  scottPi,
  scottPiFromContingency,
  type RatingTable,
} from '../../src/stats/index.js';

/** rows = items, one string per rater, '-' = missing */
function table(rows: string[]): RatingTable {
  return buildRatingTable(
    rows.flatMap((row, i) => [...row].map((label, r) => ({ item: `i${i}`, rater: `r${r}`, label: label === '-' ? null : label }))),
  );
}

describe('small cases checked by hand', () => {
  test("Cohen's κ of [[5,1],[1,3]] is 7/12", () => {
    // p_o = 8/10; both raters 60% yes, so p_e = .6·.6 + .4·.4 = .52; κ = (.8 − .52)/.48 = 7/12.
    expect(cohenKappaFromContingency([[5, 1], [1, 3]]).value).toBeCloseTo(7 / 12, 12);
  });

  test("Cohen's κ from a rating table equals κ from its contingency table", () => {
    expect(cohenKappa(ratingTableFromContingency([[5, 1], [1, 3]])).value).toBeCloseTo(7 / 12, 12);
  });

  test('linearly weighted κ of [[2,1,0],[0,2,1],[0,0,2]] is 5/7', () => {
    // weights 1, .5, 0 by distance; n = 8; p_o = (6 + .5·2)/8 = .875
    // rows (3,3,2)/8, columns (2,3,3)/8: p_e = (21 + .5·30)/64 = .5625; κ = .3125/.4375 = 5/7.
    const matrix = [[2, 1, 0], [0, 2, 1], [0, 0, 2]];
    expect(cohenKappaFromContingency(matrix, { weights: 'linear' }).value).toBeCloseTo(5 / 7, 12);
  });

  test("Scott's π pools the raters' marginals where Cohen's κ keeps them apart", () => {
    // [[4,2],[0,4]]: p_o = .8; rows (.6,.4), columns (.4,.6).
    // Cohen p_e = .6·.4 + .4·.6 = .48 → κ = .32/.52 = 8/13. Scott pools to (.5,.5): p_e = .5 → π = .6.
    const matrix = [[4, 2], [0, 4]];
    expect(cohenKappaFromContingency(matrix).value).toBeCloseTo(8 / 13, 12);
    expect(scottPiFromContingency(matrix).value).toBeCloseTo(0.6, 12);
    expect(scottPi(ratingTableFromContingency(matrix)).value).toBeCloseTo(0.6, 12);
  });

  test("Fleiss' κ of three items rated by three raters is 0.55", () => {
    // counts (3,0), (2,1), (0,3): P_i = 1, 1/3, 1 → P̄ = 7/9; p = (5/9, 4/9) → P_e = 41/81;
    // κ = (63/81 − 41/81)/(40/81) = 22/40.
    const result = fleissKappa(ratingTableFromCounts([[3, 0], [2, 1], [0, 3]]));
    expect(result.value).toBeCloseTo(0.55, 12);
    expect(result.observedAgreement).toBeCloseTo(7 / 9, 12);
    expect(result.chanceAgreement).toBeCloseTo(41 / 81, 12);
  });

  test("Krippendorff's α with a missing rating and an unpairable item is 0.5", () => {
    // units (a,a), (a,b), (b,b,b), (a) — the last has one rating and is not pairable.
    // o_aa = 2, o_ab = o_ba = 1, o_bb = 3·2/2 = 3; n_a = 3, n_b = 4, n = 7.
    // α = 1 − (n − 1)(o_ab + o_ba)/(n_a n_b + n_b n_a) = 1 − 6·2/24 = 0.5.
    expect(krippendorffAlpha(table(['aa-', 'ab-', 'bbb', 'a--'])).value).toBeCloseTo(0.5, 12);
    expect(coincidenceMatrix(table(['aa-', 'ab-', 'bbb', 'a--']))).toEqual([[2, 1], [1, 3]]);
  });

  test("Gwet's AC1 of [[5,1],[1,3]] is 8/13", () => {
    // p_a = .8; π = (.6, .4); T_w = 2, q = 2: p_e = 2/(2·1)·(.6·.4 + .4·.6) = .48; AC1 = .32/.52 = 8/13.
    expect(gwetAc1(ratingTableFromContingency([[5, 1], [1, 3]])).value).toBeCloseTo(8 / 13, 12);
  });

  test('Brennan–Prediger of [[5,1],[1,3]] is 0.6', () => {
    // p_e = 1/q = .5; (.8 − .5)/.5 = .6
    expect(brennanPrediger(ratingTableFromContingency([[5, 1], [1, 3]])).value).toBeCloseTo(0.6, 12);
  });

  test("Conger's κ with two raters equals Cohen's κ", () => {
    const twoRaters = ratingTableFromContingency([[4, 2, 1], [0, 4, 1], [1, 0, 3]]);
    expect(congerKappa(twoRaters).value).toBeCloseTo(cohenKappa(twoRaters).value!, 12);
    expect(congerKappa(twoRaters, { weights: 'quadratic' }).value).toBeCloseTo(cohenKappa(twoRaters, { weights: 'quadratic' }).value!, 12);
  });

  test('pairwise agreement averages agreeing pairs per item; unanimity counts whole items', () => {
    // (a,a,a): 3/3 pairs agree; (a,a,b): 1/3; (a,b,-): 0/1; (a,-,-) has one rating and is left out.
    // pairwise = (1 + 1/3 + 0)/3 = 4/9; unanimous = 1 of 3 items.
    const result = percentAgreement(table(['aaa', 'aab', 'ab-', 'a--']));
    expect(result.pairwise.value).toBeCloseTo(4 / 9, 12);
    expect(result.unanimous.value).toBeCloseTo(1 / 3, 12);
    expect(result.itemsCompared).toBe(3);
    expect(result.unanimous.value === null ? null : result.unanimous.ci95[1]).toBeCloseTo(0.9057007, 6); // R: binom.test(1, 3)$conf.int
  });

  test("Fleiss' κ is undefined when items have different numbers of ratings, unless Gwet's generalization is asked for", () => {
    const ragged = table(['aab', 'ab-', 'bbb', 'aa-']);
    const strict = fleissKappa(ragged);
    expect(strict.value).toBeNull();
    expect(strict.value === null && strict.reason).toMatch(/^undefined because items have different numbers of ratings/);
    expect(fleissKappa(ragged, { unequalRaters: 'gwet' }).value).toBeTypeOf('number');
  });

  test('Krippendorff ratio level is undefined for non-numeric labels without values', () => {
    expect(krippendorffAlpha(table(['ab', 'bb']), { level: 'ratio' }).value).toBeNull();
    expect(krippendorffAlpha(table(['ab', 'bb', 'aa']), { level: 'ratio', values: [1, 2] }).value).toBeTypeOf('number');
  });
});
