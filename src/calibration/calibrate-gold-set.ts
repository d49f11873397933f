import { join } from 'node:path';
import type { GraderInstance, Setup } from '../config/setup.js';
import { TgradeError } from '../errors.js';
import type { LlmForInstance } from '../grading/run-label.js';
import { labelFile } from '../label.js';
import { buildRatingTable, type ConsensusItem, type Rating } from '../stats/index.js';
import type { StoreRepair } from '../store/results-store.js';
import { agreementReportOfTable, pairwiseCohen, type AgreementReport, type PairwiseCohen } from './agreement-report.js';
import { buildProfile, profilePath, writeProfile, type CalibrationProfile } from './calibration-profile.js';
import { readFinalResults } from './final-results.js';
import { type GraderEvaluation, type Prediction } from './grader-evaluation.js';
import { evaluateGoldSet, loadGoldSetUnderTest } from './gold-set-evaluation.js';
import { predictionsOfResults } from './gold-predictions.js';
import { guardedPredictionsOf } from './learned-leakage-guard.js';
import type { RatingsProblem } from '../gold/ratings-file.js';
import type { InputProblem } from '../transcript/read-transcripts.js';
import { pickDefined } from '../pick-defined.js';

/**
 * `tgrade calibrate` as a library call: run the configured graders of the gold set's rubric on its
 * transcripts through the same machinery as `tgrade label` (results file, resume, LLM cache), then
 * measure them against the reference raters' consensus and write one calibration profile per grader.
 */
export interface CalibrateOptions {
  folder: string;
  setup: Setup;
  llmFor?: LlmForInstance;
  signal?: AbortSignal;
  /** Results file; default `<gold>/results.jsonl`. Reruns reuse every finished verdict. */
  resultsFile?: string;
  /** Where profiles are written; false writes none. */
  profilesDir: string | false;
  resamples?: number;
  seed?: number;
  targetPrecision?: number;
  now?: Date;
  onProblem?: (problem: InputProblem | RatingsProblem) => void;
  onRepair?: (repair: StoreRepair) => void;
  log?: (message: string) => void;
}

export interface ConsensusSummary {
  items: number;
  resolved: number;
  adjudicated: number;
  ties: number;
  unrated: number;
  /** label → items whose consensus it is. */
  byLabel: Record<string, number>;
}

export interface CalibrationReport {
  goldSet: CalibrationProfile['goldSet'] & { rubric: string; description?: string };
  labels: string[];
  positive: string[];
  /** Things to fix in the gold set: malformed rating lines, unknown items, undeclared raters. */
  warnings: string[];
  /** Agreement among the human and illustrative raters. */
  referenceAgreement: AgreementReport;
  consensus: ConsensusSummary;
  graders: GraderEvaluation[];
  /** Cohen's κ between every two graders / automated raters, on the items both labelled. */
  graderAgreement: PairwiseCohen[];
  skipped: { grader: string; reason: string }[];
  resultsFile: string;
  /** `unchanged`: the file already held this profile (only its date would change), so it was left as it is. */
  profiles: { grader: string; file: string; unchanged?: true }[];
  bootstrap: { resamples: number; seed: number };
}

export async function calibrateGoldSet(options: CalibrateOptions): Promise<CalibrationReport> {
  const goldSet = await loadGoldSetUnderTest(options.folder, options.setup.rubrics, pickDefined(options, ['onProblem']));
  const { spec, paths, itemIds } = goldSet;
  const bootstrap = { resamples: options.resamples ?? 1000, seed: options.seed ?? 1 };
  const referenceAgreement = agreementReportOfTable(goldSet.referenceTable, bootstrap, goldSet.labelSource);

  const { evaluated, toRun } = instancesFor(options.setup, spec.rubric);
  const resultsFile = options.resultsFile ?? join(paths.folder, 'results.jsonl');
  const labelled = await labelFile({
    setup: { ...options.setup, instances: toRun },
    input: paths.transcripts,
    out: resultsFile,
    ...pickDefined(options, ['llmFor', 'signal', 'onProblem', 'onRepair', 'log']),
  });
  const skipped = labelled.run.skipped;
  const ran = evaluated.filter((instance) => !skipped.some((skip) => skip.grader === instance.name));
  const results = await readFinalResults(labelled.out, new Set(ran.map((instance) => instance.name)));
  const positiveSet = new Set(goldSet.positive);
  const warnings = [...goldSet.warnings];
  const graderResults = await Promise.all(
    ran.map(async (instance) => {
      const records = results.get(instance.name);
      // A learned grader is never calibrated on its own training items (their out-of-fold scores stand in).
      const guarded = await guardedPredictionsOf(instance, predictionsOfResults(records, positiveSet), options.setup.baseDir, positiveSet, warnings);
      return { name: instance.name, records, ...(guarded === null ? {} : { predictions: guarded }) };
    }),
  );
  const { labels, parties } = evaluateGoldSet(goldSet, graderResults, { bootstrap, ...pickDefined(options, ['targetPrecision']) });
  const graders = parties.map((party) => party.evaluation);

  const profileGoldSet: CalibrationProfile['goldSet'] = {
    folder: options.folder,
    items: itemIds.length,
    synthetic: spec.synthetic,
    consensus: spec.consensus,
    raters: spec.raters.map(({ name, kind }) => ({ name, kind })),
    ...(spec.source === undefined ? {} : { source: spec.source }),
    ...(spec.license === undefined ? {} : { license: spec.license }),
  };
  const profiles: CalibrationReport['profiles'] = [];
  if (options.profilesDir !== false) {
    for (const instance of ran) {
      const evaluation = graders.find((grader) => grader.kind === 'grader' && grader.name === instance.name)!;
      const file = profilePath(options.profilesDir, spec.rubric, instance.name);
      const written = await writeProfile(file, buildProfile(evaluation, { instance, goldSet: profileGoldSet, ...(options.now === undefined ? {} : { now: options.now }) }));
      profiles.push({ grader: instance.name, file, ...(written === 'unchanged' ? { unchanged: true } : {}) });
    }
  }

  return {
    goldSet: { ...profileGoldSet, rubric: spec.rubric, ...(spec.description === undefined ? {} : { description: spec.description }) },
    labels: [...labels],
    positive: [...goldSet.positive],
    warnings,
    referenceAgreement,
    consensus: summarizeConsensus(goldSet.reference),
    graders,
    graderAgreement: graderAgreement(parties, itemIds, labels, bootstrap),
    skipped,
    resultsFile: labelled.out,
    profiles,
    bootstrap,
  };
}

/** The graders of the rubric, plus any grader they are gated on (it must run for the gate to open). */
export function instancesFor(setup: Setup, rubricId: string): { evaluated: GraderInstance[]; toRun: GraderInstance[] } {
  const evaluated = setup.instances.filter((instance) => instance.rubric.id === rubricId);
  if (evaluated.length === 0) {
    const configured = setup.instances.map((instance) => `${instance.name} (${instance.rubric.id})`).join(', ') || 'none';
    throw new TgradeError('E_CONFIG_INVALID', `no selected grader grades rubric "${rubricId}" (selected: ${configured}); configure one or name it with --graders`);
  }
  const needed = new Set(evaluated.map((instance) => instance.name));
  for (let index = setup.instances.length - 1; index >= 0; index--) {
    const instance = setup.instances[index]!;
    if (needed.has(instance.name) && instance.gate !== undefined) needed.add(instance.gate.grader);
  }
  return { evaluated, toRun: setup.instances.filter((instance) => needed.has(instance.name)) };
}

function summarizeConsensus(items: readonly ConsensusItem[]): ConsensusSummary {
  const byLabel: Record<string, number> = {};
  for (const item of items) if (item.label !== null) byLabel[item.label] = (byLabel[item.label] ?? 0) + 1;
  return {
    items: items.length,
    resolved: items.filter((item) => item.label !== null).length,
    adjudicated: items.filter((item) => item.source === 'adjudicated').length,
    ties: items.filter((item) => item.source === 'tie' || item.source === 'no-majority').length,
    unrated: items.filter((item) => item.source === 'unrated').length,
    byLabel,
  };
}

function graderAgreement(
  sets: readonly { name: string; predictions: ReadonlyMap<string, Prediction> }[],
  itemIds: readonly string[],
  labels: readonly string[],
  bootstrap: { resamples: number; seed: number },
): PairwiseCohen[] {
  if (sets.length < 2) return [];
  const ratings: Rating[] = sets.flatMap(({ name, predictions }) =>
    itemIds.map((item) => {
      const prediction = predictions.get(item);
      return { item, rater: name, label: prediction?.status === 'ok' ? prediction.label : null };
    }),
  );
  return pairwiseCohen(buildRatingTable(ratings, labels), bootstrap);
}

