import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GraderInstance, Setup } from '../config/setup.js';
import { TgradeError } from '../errors.js';
import type { LlmForInstance } from '../grading/run-label.js';
import type { ResultRecord } from '../grading/verdict.js';
import { labelFile } from '../label.js';
import { labelNames } from '../rubric/schema.js';
import { buildRatingTable, type ConsensusItem, type Rating } from '../stats/index.js';
import type { StoreRepair } from '../store/results-store.js';
import { readTranscripts, type InputProblem } from '../transcript/read-transcripts.js';
import { agreementReportOfTable, pairwiseCohen, type AgreementReport, type PairwiseCohen } from './agreement-report.js';
import { buildProfile, profilePath, writeProfile, type CalibrationProfile } from './calibration-profile.js';
import { readFinalResults } from './final-results.js';
import { predictionsOfRatings, predictionsOfResults } from './gold-predictions.js';
import { sortGoldRatings } from './gold-ratings.js';
import { goldReference } from './gold-reference.js';
import { loadGoldSetSpec } from './gold-set.js';
import { evaluateGrader, type GraderEvaluation, type Prediction } from './grader-evaluation.js';
import { readRatingsFile, type RatingRecord, type RatingsProblem } from './ratings-file.js';
import { learnedModelOfInstance, withOutOfFoldPredictions } from '../learned/leakage-guard.js';

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
  profiles: { grader: string; file: string }[];
  bootstrap: { resamples: number; seed: number };
}

export async function calibrateGoldSet(options: CalibrateOptions): Promise<CalibrationReport> {
  const { spec, paths } = await loadGoldSetSpec(options.folder);
  const rubric = options.setup.rubrics.get(spec.rubric);
  if (rubric === undefined) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: rubric "${spec.rubric}" is not known (known: ${[...options.setup.rubrics.keys()].join(', ')}); add it with --rubric`);
  }
  const rubricLabels = labelNames(rubric);
  // gold.yaml's labels (else the rubric's) are the scale; a rubric label outside it (e.g. the
  // automatic no_reasoning) joins only when a rating or a grader uses it. Chance-corrected
  // coefficients that count categories (AC1, Brennan–Prediger) would otherwise count a category no
  // one could choose. The report (src/report/gold-calibration.ts) follows the same rule.
  const scale = spec.labels ?? rubricLabels;
  const allowed = [...new Set([...scale, ...rubricLabels])];
  const positive = spec.positive ?? rubric.positive;
  const unknownPositive = positive.filter((label) => !allowed.includes(label));
  if (unknownPositive.length > 0) throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: positive label(s) ${unknownPositive.join(', ')} are not among the labels (${allowed.join(', ')})`);
  const bootstrap = { resamples: options.resamples ?? 1000, seed: options.seed ?? 1 };
  const warnings: string[] = [];

  if (!existsSync(paths.ratings)) throw new TgradeError('E_GOLD_SET_INVALID', `${options.folder}: a gold set folder needs ratings.jsonl`);
  const ratingsFile = await readRatingsFile(paths.ratings);
  for (const problem of ratingsFile.problems) {
    options.onProblem?.(problem);
    warnings.push(`${problem.file}:${problem.line}: ${problem.message} (line skipped)`);
  }
  checkLabels(ratingsFile.ratings, allowed, paths.ratings);
  const ratedLabels = [...new Set([...scale, ...allowed.filter((label) => ratingsFile.ratings.some((rating) => rating.label === label))])];
  const itemIds = await transcriptIds(paths.transcripts);
  const known = new Set(itemIds);
  const unknownItems = [...new Set(ratingsFile.ratings.map((rating) => rating.item).filter((item) => !known.has(item)))];
  if (unknownItems.length > 0) warnings.push(`${paths.ratings}: ${unknownItems.length} rated item(s) not in transcripts.jsonl, left out: ${unknownItems.slice(0, 5).join(', ')}${unknownItems.length > 5 ? ', …' : ''}`);
  const gold = sortGoldRatings(spec, ratingsFile.ratings.filter((rating) => known.has(rating.item)));
  for (const rater of gold.undeclared) warnings.push(`${paths.ratings}: rater "${rater}" is not declared in gold.yaml \`raters\` (with its kind), so its ratings are left out`);
  if (gold.referenceRaters.length === 0) {
    throw new TgradeError('E_GOLD_SET_INVALID', `${paths.spec}: no ratings from a rater declared with kind human or illustrative, so there is no reference to calibrate against`);
  }

  const { table: referenceTable, consensus: reference } = goldReference(gold, itemIds, ratedLabels, spec.consensus);
  const referenceAgreement = agreementReportOfTable(referenceTable, bootstrap);
  if (spec.consensus === 'majority' && gold.adjudicated.size > 0) warnings.push(`${paths.spec}: consensus is "majority", so the ${gold.adjudicated.size} adjudicated rating(s) are ignored`);

  const { evaluated, toRun } = instancesFor(options.setup, spec.rubric);
  const resultsFile = options.resultsFile ?? join(paths.folder, 'results.jsonl');
  const labelled = await labelFile({
    setup: { ...options.setup, instances: toRun },
    input: paths.transcripts,
    out: resultsFile,
    ...pick(options, ['llmFor', 'signal', 'onProblem', 'onRepair', 'log']),
  });
  const skipped = labelled.run.skipped;
  const ran = evaluated.filter((instance) => !skipped.some((skip) => skip.grader === instance.name));
  const results = await readFinalResults(labelled.out, new Set(ran.map((instance) => instance.name)));
  const positiveSet = new Set(positive);
  const predicted = new Set([...results.values()].flatMap((records) => [...records.values()].flatMap((record) => (record.status === 'ok' && record.label !== null ? [record.label] : []))));
  const labels = [...ratedLabels, ...allowed.filter((label) => !ratedLabels.includes(label) && predicted.has(label))];

  const predictionSets = [
    ...(await Promise.all(
      ran.map(async (instance) => ({
        name: instance.name,
        kind: 'grader' as const,
        predictions: await withoutLeakage(instance, predictionsOfResults(results.get(instance.name), positiveSet), options.setup.baseDir, positiveSet, warnings),
      })),
    )),
    ...[...gold.automated].map(([name, records]) => ({ name, kind: 'automated-rater' as const, predictions: predictionsOfRatings(records, positiveSet) })),
  ];
  const graders = predictionSets.map(({ name, kind, predictions }) =>
    evaluateGrader({
      name,
      kind,
      labels,
      positive,
      reference,
      predictions,
      bootstrap,
      ...(options.targetPrecision === undefined ? {} : { targetPrecision: options.targetPrecision }),
    }),
  );

  const goldSet: CalibrationProfile['goldSet'] = {
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
      await writeProfile(file, buildProfile(evaluation, { instance, goldSet, ...(options.now === undefined ? {} : { now: options.now }) }));
      profiles.push({ grader: instance.name, file });
    }
  }

  return {
    goldSet: { ...goldSet, rubric: spec.rubric, ...(spec.description === undefined ? {} : { description: spec.description }) },
    labels: [...labels],
    positive: [...positive],
    warnings,
    referenceAgreement,
    consensus: summarizeConsensus(reference),
    graders,
    graderAgreement: graderAgreement(predictionSets, itemIds, labels, bootstrap),
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

/** A learned grader is never calibrated on its own training items: those get their out-of-fold scores (src/learned/leakage-guard.ts). */
async function withoutLeakage(instance: GraderInstance, predictions: Map<string, Prediction>, baseDir: string, positive: ReadonlySet<string>, warnings: string[]): Promise<Map<string, Prediction>> {
  const model = await learnedModelOfInstance(instance, baseDir);
  if (model === null) return predictions;
  const threshold = (instance.options as { threshold?: Parameters<typeof withOutOfFoldPredictions>[3] }).threshold;
  const guarded = withOutOfFoldPredictions(instance.name, model, predictions, threshold, positive);
  if (guarded.note !== undefined) warnings.push(guarded.note);
  return guarded.predictions;
}

function checkLabels(ratings: readonly RatingRecord[], labels: readonly string[], file: string): void {
  const bad = ratings.filter((rating) => !labels.includes(rating.label));
  if (bad.length === 0) return;
  const examples = bad.slice(0, 3).map((rating) => `"${rating.label}" (rater ${rating.rater}, item ${rating.item})`);
  throw new TgradeError('E_GOLD_SET_INVALID', `${file}: ${bad.length} rating(s) use a label outside ${labels.join(', ')}: ${examples.join('; ')}`);
}

async function transcriptIds(file: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of readTranscripts(file)) if (item.ok) ids.push(item.transcript.id);
  return [...new Set(ids)];
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

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}

