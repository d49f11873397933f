import { describe, expect, test } from 'vitest';
import {
  brennanPrediger,
  buildRatingTable,
  cohenKappa,
  cohenKappaFromContingency,
  congerKappa,
  fleissKappa,
  gwetAc1,
  krippendorffAlpha,
  percentAgreement,
  ratingTableFromContingency,
  ratingTableFromCounts,
  scottPiFromContingency,
  type AgreementComponents,
  type Estimate,
  type KrippendorffLevel,
  type RatingTable,
  type Weights,
} from '../../src/stats/index.js';
import { readFixtureJson } from './fixture-data.js';

type Cell = number | null;
interface Vector {
  id: string;
  function: string;
  args: Record<string, unknown>;
  expected: number;
  source: string;
}
const { vectors } = readFixtureJson<{ vectors: Vector[] }>('agreement/agreement-test-vectors.json');

// ---- adapters from the vectors' published input formats to the RatingTable API ----

/** rows = units, columns = raters, values = labels (numbers), null = missing. */
function tableFromUnits(units: Cell[][], categories?: number[]): RatingTable {
  const ratings = units.flatMap((row, u) => row.map((value, r) => ({ item: `u${u}`, rater: `r${r}`, label: value === null ? null : String(value) })));
  return buildRatingTable(ratings, categories?.map(String));
}
const transpose = (rows: Cell[][]): Cell[][] => rows[0]!.map((_, j) => rows.map((row) => row[j] ?? null));
const numericValues = (table: RatingTable) => table.labels.map(Number);

/** irrCAC's weight names; weights use the category values (here 1…q, so equal to positions). */
function irrCacWeights(args: Record<string, unknown>): Weights {
  return (args.weights as 'quadratic' | undefined) ?? 'unweighted';
}

/** R irr::kappa2: a vector of disagreement scores by distance in (observed) level index. */
function irrWeights(weight: unknown, nLabels: number): Weights {
  if (weight === 'unweighted') return 'unweighted';
  if (weight === 'equal') return 'linear';
  if (weight === 'squared') return 'quadratic';
  const scores = weight as number[];
  const [low, high] = [Math.min(...scores), Math.max(...scores)];
  return Array.from({ length: nLabels }, (_, k) => Array.from({ length: nLabels }, (_, l) => 1 - (scores[Math.abs(k - l)]! - low) / (high - low)));
}

function twoRaterTable(y1: number[], y2: number[], labels?: number[]): RatingTable {
  const ratings = y1.flatMap((label, i) => [
    { item: `i${i}`, rater: 'y1', label: String(label) },
    { item: `i${i}`, rater: 'y2', label: String(y2[i]) },
  ]);
  return buildRatingTable(ratings, labels?.map(String), { unlistedLabels: 'missing' });
}

type Result = Estimate & AgreementComponents;
const coefficientOrChance = (result: Result, args: Record<string, unknown>) =>
  args.return === 'pe' ? result.chanceAgreement : result.value;

const alphaOf = (table: RatingTable, level: KrippendorffLevel) =>
  krippendorffAlpha(table, { level, ...(level === 'interval' || level === 'ratio' ? { values: numericValues(table) } : {}) }).value;

/** Every kind in the file must have an entry: a handler, or a reason it is not implemented. */
const handlers: Record<string, ((args: any) => number | null | undefined) | { notImplemented: string }> = {
  krippendorff_alpha: (a) => alphaOf(a.coders ? tableFromUnits(transpose(a.coders)) : tableFromUnits(a.units), a.level),
  krippendorff_alpha_value_counts: (a) => alphaOf(ratingTableFromCounts(a.value_counts), a.level),
  krippendorff_alpha_table: (a) => alphaOf(ratingTableFromContingency(a.table), a.level),
  fleiss_kappa_table: (a) => fleissKappa(ratingTableFromCounts(a.table)).value,
  fleiss_kappa_table_Pbar: (a) => fleissKappa(ratingTableFromCounts(a.table)).observedAgreement,
  fleiss_kappa_table_Pe: (a) => fleissKappa(ratingTableFromCounts(a.table)).chanceAgreement,
  fleiss_kappa_units: (a) => fleissKappa(tableFromUnits(a.units, a.categories)).value,
  fleiss_kappa_dist: (a) => fleissKappa(ratingTableFromCounts(a.counts), { weights: irrCacWeights(a) }).value,
  fleiss_kappa_raw: (a) =>
    coefficientOrChance(fleissKappa(tableFromUnits(a.units, a.categories), { weights: irrCacWeights(a), unequalRaters: 'gwet' }), a),
  cohen_kappa_labels: (a) => cohenKappa(twoRaterTable(a.y1, a.y2, a.labels), { weights: a.weights ?? 'unweighted' }).value,
  cohen_kappa_table: (a) =>
    cohenKappaFromContingency(a.table, a.disagreement_scores ? { weights: 'linear', values: a.disagreement_scores } : { weights: irrCacWeights(a) }).value,
  irr_kappa2: (a) => {
    const table = twoRaterTable(a.rater1, a.rater2);
    return cohenKappa(table, { weights: irrWeights(a.weight, table.labels.length) }).value;
  },
  scott_pi_table: (a) => scottPiFromContingency(a.table, { weights: irrCacWeights(a) }).value,
  conger_kappa_raw: (a) => coefficientOrChance(congerKappa(tableFromUnits(a.units, a.categories), { weights: irrCacWeights(a) }), a),
  gwet_ac_raw: (a) => coefficientOrChance(gwetAc1(tableFromUnits(a.units, a.categories), { weights: irrCacWeights(a) }), a),
  gwet_ac_table: (a) => gwetAc1(ratingTableFromContingency(a.table), { weights: irrCacWeights(a) }).value,
  gwet_ac_dist: (a) => gwetAc1(ratingTableFromCounts(a.counts), { weights: irrCacWeights(a) }).value,
  bp_raw: (a) => coefficientOrChance(brennanPrediger(tableFromUnits(a.units, a.categories), { weights: irrCacWeights(a) }), a),
  bp_table: (a) => brennanPrediger(ratingTableFromContingency(a.table), { weights: irrCacWeights(a) }).value,
  bp_dist: (a) => brennanPrediger(ratingTableFromCounts(a.counts), { weights: irrCacWeights(a) }).value,
  percent_agreement_raw: (a) => percentAgreement(tableFromUnits(a.units, a.categories), { weights: irrCacWeights(a) }).pairwise.value,
  pa_table: (a) => percentAgreement(ratingTableFromContingency(a.table), { weights: irrCacWeights(a) }).pairwise.value,
};

/** Half a unit in the last published decimal, but never looser than ±0.0005 (0.4 means 0.400). */
function tolerance(expected: number): number {
  const decimals = (String(expected).split('.')[1] ?? '').length;
  return Math.min(5e-4, 0.5 * 10 ** -decimals) * (1 + 1e-9);
}

describe('published agreement test vectors (test/fixtures/agreement/agreement-test-vectors.json)', () => {
  test('every vector kind has a handler or a stated reason it is not implemented', () => {
    const kinds = [...new Set(vectors.map((vector) => vector.function))];
    expect(kinds.filter((kind) => !(kind in handlers))).toEqual([]);
    const notImplemented = Object.entries(handlers).filter(([, handler]) => typeof handler !== 'function');
    expect(notImplemented).toEqual([]);
  });

  test('all 64 vectors are covered, by kind', () => {
    const byKind: Record<string, number> = {};
    for (const { function: kind } of vectors) byKind[kind] = (byKind[kind] ?? 0) + 1;
    expect(vectors).toHaveLength(64);
    expect(byKind).toEqual({
      krippendorff_alpha: 9,
      krippendorff_alpha_value_counts: 3,
      krippendorff_alpha_table: 2,
      fleiss_kappa_table: 2,
      fleiss_kappa_table_Pbar: 1,
      fleiss_kappa_table_Pe: 1,
      fleiss_kappa_units: 1,
      fleiss_kappa_raw: 3,
      fleiss_kappa_dist: 2,
      cohen_kappa_labels: 6,
      cohen_kappa_table: 5,
      irr_kappa2: 6,
      scott_pi_table: 2,
      conger_kappa_raw: 3,
      gwet_ac_raw: 4,
      gwet_ac_table: 2,
      gwet_ac_dist: 2,
      bp_raw: 2,
      bp_table: 2,
      bp_dist: 2,
      percent_agreement_raw: 2,
      pa_table: 2,
    });
  });

  test.each(vectors.map((vector) => [vector.id, vector] as const))('%s matches its published value', (_, vector) => {
    const handler = handlers[vector.function];
    if (typeof handler !== 'function') throw new Error(`no handler for ${vector.function}`);
    const actual = handler(vector.args);
    expect(actual, vector.source).toBeTypeOf('number');
    expect(Math.abs((actual as number) - vector.expected), `${vector.id}: got ${actual}, published ${vector.expected}`).toBeLessThanOrEqual(
      tolerance(vector.expected),
    );
  });
});
