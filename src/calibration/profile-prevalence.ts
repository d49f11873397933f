import type { ResultRecord } from '../grading/verdict.js';
import { correctedPrevalence, type Statistic, type StatisticBootstrapOptions } from '../stats/index.js';
import { positiveScore } from './binary-score.js';
import type { CalibrationProfile } from './calibration-profile.js';
import { reported, undefinedStatistic, type ReportedStatistic } from './reported-statistic.js';

/**
 * How common each label is in a labelled run once the grader's error measured on a gold set is
 * taken out (`correctedPrevalence` in the stats module: Rogan–Gladen for the binary view, the
 * confusion-matrix inverse for more labels; clipped; bootstrap resampling both the run and the gold
 * confusion matrix). The correction applies to the transcripts the grader labelled: abstentions
 * and errors are outside it, so the result is stated with n = labelled transcripts.
 */
export interface CorrectedLabelShare {
  label: string;
  /** Transcripts the grader gave this label, of `labelled`. */
  count: number;
  labelled: number;
  corrected: ReportedStatistic;
  /**
   * The estimate before clipping to [0, 1], present when clipping changed it. Clipping biases a
   * corrected prevalence near 0 upward (a third of estimates at 2% prevalence and gold n = 100 are
   * clipped to 0); this is the value to average or pool across runs.
   */
  unclipped?: number;
}

export interface ProfilePrevalence {
  grader: string;
  rubric: string;
  /** The gold set the profile was measured on, and how many of its items entered the matrix. */
  goldSet: string;
  goldItems: number;
  synthetic: boolean;
  labelled: number;
  abstained: number;
  errors: number;
  perLabel: CorrectedLabelShare[];
  /** Positive labels vs the rest; with the profile's threshold applied to scores when it has one. */
  binary: (CorrectedLabelShare & { positive: string[]; threshold?: number }) | null;
  /** True when the grader's config hash differs from the profile's: the profile may not describe it. */
  configChanged: boolean;
}

export interface ProfilePrevalenceOptions {
  bootstrap?: StatisticBootstrapOptions;
  /** Hash of the grader instance in this run, to compare with the profile's. */
  graderConfigHash?: string;
}

export function profilePrevalence(profile: CalibrationProfile, records: Iterable<ResultRecord>, options: ProfilePrevalenceOptions = {}): ProfilePrevalence {
  const bootstrap = { resamples: options.bootstrap?.resamples ?? 1000, seed: options.bootstrap?.seed ?? 1 };
  const labelled: ResultRecord[] = [];
  let abstained = 0;
  let errors = 0;
  for (const record of records) {
    if (record.status === 'ok' && record.label !== null) labelled.push(record);
    else if (record.status === 'error') errors++;
    else abstained++;
  }
  const predictions = labelled.map((record) => record.label!);
  const gold = pairsOfMatrix(profile.labels, profile.confusionMatrix);
  // Labels nobody used (run, gold reference, gold grader) are left out: they carry no information
  // and would make the matrix singular. A run label the gold set never saw as reference makes
  // the correction undefined, as it should.
  const used = new Set([...predictions, ...gold.reference, ...gold.predicted]);
  const labels = profile.labels.filter((label) => used.has(label));
  const unknown = [...new Set(predictions.filter((label) => !profile.labels.includes(label)))];
  const countOf = (label: string) => predictions.filter((prediction) => prediction === label).length;
  let perLabel: CorrectedLabelShare[];
  if (unknown.length > 0) {
    const why = undefinedStatistic(`the run has label(s) ${unknown.join(', ')} that the profile does not know`);
    perLabel = profile.labels.map((label) => ({ label, count: countOf(label), labelled: labelled.length, corrected: why }));
  } else {
    const estimate = labels.length < 2 ? null : correctedPrevalence({ labels, predictions, gold }, { bootstrap });
    perLabel = profile.labels.map((label) => {
      const k = labels.indexOf(label);
      const corrected: ReportedStatistic =
        estimate === null
          ? undefinedStatistic('fewer than two labels occur in the run and the gold set together')
          : k < 0
            ? undefinedStatistic(`neither the run nor the gold set has "${label}", so nothing is known about it`)
            : reported(estimate.corrected[k] as Statistic);
      const raw = estimate === null || k < 0 ? null : estimate.unclipped[k]!;
      return { label, count: countOf(label), labelled: labelled.length, corrected, ...unclippedField(corrected, raw) };
    });
  }
  return {
    grader: profile.grader,
    rubric: profile.rubric,
    goldSet: profile.goldSet.folder,
    goldItems: profile.n,
    synthetic: profile.goldSet.synthetic,
    labelled: labelled.length,
    abstained,
    errors,
    perLabel,
    binary: binaryView(profile, labelled, bootstrap),
    configChanged: options.graderConfigHash !== undefined && options.graderConfigHash !== profile.graderConfigHash,
  };
}

function binaryView(profile: CalibrationProfile, labelled: readonly ResultRecord[], bootstrap: StatisticBootstrapOptions): ProfilePrevalence['binary'] {
  if (profile.positive.length === 0) return null;
  const positive = new Set(profile.positive);
  const threshold = profile.threshold;
  const isPositive = (record: ResultRecord) =>
    threshold === undefined
      ? positive.has(record.label!)
      : positiveScore({ label: record.label!, confidence: record.confidence, scores: record.scores }, positive) >= threshold.value;
  const predictions = labelled.map((record) => (isPositive(record) ? 'positive' : 'negative'));
  const [[tp, fn], [fp, tn]] = threshold?.matrix ?? profile.binaryMatrix;
  const gold = pairsOfMatrix(['positive', 'negative'], [
    [tp, fn],
    [fp, tn],
  ]);
  const estimate = correctedPrevalence({ labels: ['negative', 'positive'], predictions, gold }, { bootstrap });
  return {
    label: profile.positive.join(' or '),
    positive: [...profile.positive],
    count: predictions.filter((prediction) => prediction === 'positive').length,
    labelled: labelled.length,
    corrected: reported(estimate.corrected[1] as Statistic),
    ...unclippedField(reported(estimate.corrected[1] as Statistic), estimate.unclipped[1]!),
    ...(threshold === undefined ? {} : { threshold: threshold.value }),
  };
}

function unclippedField(corrected: ReportedStatistic, unclipped: number | null): { unclipped?: number } {
  const value = corrected.value ?? corrected.pointEstimate;
  return unclipped === null || value === undefined || Math.abs(unclipped - value) < 1e-12 ? {} : { unclipped };
}

/** The item-level pairs behind a confusion matrix (rows reference, columns predicted). */
export function pairsOfMatrix(labels: readonly string[], matrix: readonly (readonly number[])[]): { reference: string[]; predicted: string[] } {
  const reference: string[] = [];
  const predicted: string[] = [];
  matrix.forEach((row, t) =>
    row.forEach((count, p) => {
      for (let c = 0; c < count; c++) {
        reference.push(labels[t]!);
        predicted.push(labels[p]!);
      }
    }),
  );
  return { reference, predicted };
}
