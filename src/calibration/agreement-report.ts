import {
  buildRatingTable,
  cohenKappa,
  fleissKappa,
  gwetAc1,
  krippendorffAlpha,
  percentAgreement,
  type Rating,
  type RatingTable,
  type StatisticBootstrapOptions,
} from '../stats/index.js';
import { reported, undefinedStatistic, type ReportedStatistic } from './reported-statistic.js';

/**
 * How much raters agree with each other, every figure with its 95% interval: the statistics module
 * does the arithmetic; this file picks the coefficients a report needs and puts them in one shape.
 * Pure over ratings (no I/O). Percent agreement is the mean share of agreeing rater pairs per item
 * (Gwet's p_a, bootstrap interval); the share of unanimous items is a proportion and gets an exact
 * Clopper–Pearson interval. Bootstrap resamples items, seeded, 1,000 by default.
 */
export interface AgreementOptions {
  /** Label order (e.g. the rubric's); default the sorted labels seen. */
  labels?: readonly string[];
  resamples?: number;
  seed?: number;
}

export interface PairwiseCohen {
  raterA: string;
  raterB: string;
  /** Items both raters labelled. */
  n: number;
  kappa: ReportedStatistic;
}

export interface ItemDisagreement {
  item: string;
  /** rater → label, for every rater who labelled the item. */
  labels: Record<string, string>;
}

/**
 * Where the label set came from. It matters: AC1's (and Brennan–Prediger's) chance agreement counts
 * the possible labels, so the same ratings give a different AC1 over {yes, no} than over
 * {yes, no, unsure}. `ratings`: the labels seen in the ratings (the default for a bare ratings file).
 */
export type LabelSource = '--labels' | 'gold.yaml' | 'rubric' | 'ratings';

export interface AgreementReport {
  items: number;
  raters: string[];
  labels: string[];
  labelSource: LabelSource;
  percentAgreement: ReportedStatistic;
  krippendorffAlpha: ReportedStatistic;
  fleissKappa: ReportedStatistic;
  gwetAC1: ReportedStatistic;
  pairwiseCohen: PairwiseCohen[];
  /** Items whose raters gave more than one label: the list to adjudicate. */
  disagreements: ItemDisagreement[];
  /** Items rated by two or more raters, and the share of them on which every rater agreed. */
  itemsCompared: number;
  unanimousAgreement: ReportedStatistic;
}

/** The keys `tgrade agreement --json` prints, in the documented order. */
export function agreementJson(report: AgreementReport): Omit<AgreementReport, 'itemsCompared' | 'unanimousAgreement'> {
  const { items, raters, labels, labelSource, percentAgreement, krippendorffAlpha, fleissKappa, gwetAC1, pairwiseCohen, disagreements } = report;
  return { items, raters, labels, labelSource, percentAgreement, krippendorffAlpha, fleissKappa, gwetAC1, pairwiseCohen, disagreements };
}

export function agreementReport(ratings: readonly Rating[], options: AgreementOptions = {}): AgreementReport {
  const table = buildRatingTable(ratings, options.labels, { unlistedLabels: 'throw' });
  const report = agreementReportOfTable(table, { resamples: options.resamples ?? 1000, seed: options.seed ?? 1 });
  return { ...report, labelSource: options.labels === undefined ? 'ratings' : '--labels' };
}

/** The report of a built table; `labelSource` says where its labels came from (default: the ratings). */
export function agreementReportOfTable(table: RatingTable, bootstrap: StatisticBootstrapOptions = {}, labelSource: LabelSource = 'ratings'): AgreementReport {
  const withBootstrap = { bootstrap: { resamples: bootstrap.resamples ?? 1000, seed: bootstrap.seed ?? 1 } };
  const agreement = percentAgreement(table, withBootstrap);
  return {
    items: table.items.length,
    raters: [...table.raters],
    labels: [...table.labels],
    labelSource,
    percentAgreement: reported(agreement.pairwise),
    krippendorffAlpha: reported(krippendorffAlpha(table, withBootstrap)),
    fleissKappa: reported(fleissKappa(table, withBootstrap)),
    gwetAC1: reported(gwetAc1(table, withBootstrap)),
    pairwiseCohen: pairwiseCohen(table, withBootstrap.bootstrap),
    disagreements: disagreementsOf(table),
    itemsCompared: agreement.itemsCompared,
    unanimousAgreement: reported(agreement.unanimous),
  };
}

export function pairwiseCohen(table: RatingTable, bootstrap: StatisticBootstrapOptions): PairwiseCohen[] {
  const pairs: PairwiseCohen[] = [];
  table.raters.forEach((raterA, a) => {
    table.raters.forEach((raterB, b) => {
      if (b <= a) return;
      const n = table.cells.filter((row) => row[a] !== null && row[a] !== undefined && row[b] !== null && row[b] !== undefined).length;
      const kappa = n === 0 ? undefinedStatistic('no item was rated by both raters') : reported(cohenKappa(table, { raters: [raterA, raterB], bootstrap }));
      pairs.push({ raterA, raterB, n, kappa });
    });
  });
  return pairs;
}

function disagreementsOf(table: RatingTable): ItemDisagreement[] {
  const disagreements: ItemDisagreement[] = [];
  table.cells.forEach((row, i) => {
    const given = row.flatMap((cell, r) => (cell === null ? [] : [[table.raters[r]!, table.labels[cell]!] as const]));
    if (new Set(given.map(([, label]) => label)).size > 1) disagreements.push({ item: table.items[i]!, labels: Object.fromEntries(given) });
  });
  return disagreements;
}
