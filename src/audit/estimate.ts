import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sortGoldRatings } from '../gold/gold-ratings.js';
import { goldReference } from '../gold/gold-reference.js';
import { loadGoldSetSpec } from '../gold/gold-set.js';
import { readRatingsFile } from '../gold/ratings-file.js';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { readLines } from '../transcript/jsonl-lines.js';
import { SampleLineSchema, type AuditBlock, type SampleLine } from '../gold/audit-block.js';
import { countBounds, effectiveSampleSize, type AuditMethod, estimateLabel, type MethodEstimate, type StratumData } from './estimate-methods.js';
import { predictionScore } from './population.js';
import { readPopulation, sha256Of } from './population-file.js';
import { recommend, stratumRates, type Recommendation, type StratumRateRow } from './recommend.js';
import { stratumOf } from './strata.js';

/**
 * `tgrade audit estimate` as a library call: the human ratings of an audit folder (consensus by the
 * gold set's rule, exactly as `calibrate` reads it), the grader's verdicts on the whole population
 * and the design → every label's prevalence and count by each method.
 */
export interface LabelEstimate {
  label: string;
  method: AuditMethod;
  value: number | null;
  /** Why `value` is null. */
  reason?: string;
  pointEstimate?: number;
  lambda?: number;
  note?: string;
  /** Prevalence interval as computed; `prevalence` clipped to what the audit proves. */
  raw?: [number, number];
  prevalence?: [number, number];
  count?: { value: number; interval: [number, number] };
}

export interface AuditEstimate {
  folder: string;
  rubric: string;
  grader: string;
  design: AuditBlock['design'];
  population: number;
  alpha: number;
  /** What the estimate used: sampled items, those with a consensus, and why the others were left out. */
  audited: { sampled: number; used: number; unrated: number; unresolved: number; notInSample: number };
  /** The kinds of the raters whose consensus was used (illustrative ratings are never called human). */
  raterKinds: ('human' | 'illustrative')[];
  labels: string[];
  /** Items the grader gave each label. */
  flagged: Record<string, number>;
  estimates: LabelEstimate[];
  recommended: Recommendation[];
  effectiveSampleSize: { label: string; method: AuditMethod | null; value: number | null; reason?: string }[];
  strata: StratumRateRow[];
  warnings: string[];
}

export async function estimateAudit(options: { folder: string; alpha?: number; label?: string }): Promise<AuditEstimate> {
  const alpha = options.alpha ?? 0.05;
  const { spec, paths } = await loadGoldSetSpec(options.folder);
  const block = spec.audit;
  if (block === undefined) throw new TgradeError('E_AUDIT_INVALID', `${paths.spec}: no \`audit:\` block, so this gold set was not drawn by tgrade audit plan; run it first`);
  const warnings: string[] = [];
  const sample = await readSample(join(paths.folder, 'sample.jsonl'), warnings);
  const resultsFile = resolve(paths.folder, block.results.file);
  if (!existsSync(resultsFile)) throw new TgradeError('E_AUDIT_INVALID', `${paths.spec}: the audited results file ${resultsFile} is missing; restore it (sha256 ${block.results.sha256})`);
  if ((await sha256Of(resultsFile)) !== block.results.sha256) {
    throw new TgradeError('E_AUDIT_INVALID', `${resultsFile} changed since the audit was planned (sha256 differs from gold.yaml); estimate with the file the plan read, or plan a new audit`);
  }
  const transcriptsFile = block.transcripts === undefined ? undefined : resolve(paths.folder, block.transcripts.file);
  const population = await readPopulation(resultsFile, block.grader, transcriptsFile);
  if (population.items.length !== block.population) throw new TgradeError('E_AUDIT_INVALID', `${paths.spec}: the population has ${population.items.length} items now, ${block.population} when planned`);

  const labels = options.label === undefined ? spec.labels ?? [] : [options.label];
  if (options.label !== undefined && spec.labels !== undefined && !spec.labels.includes(options.label)) {
    throw new TgradeError('E_AUDIT_INVALID', `--label ${options.label} is not one of the gold set's labels (${spec.labels.join(', ')})`);
  }
  const consensus = await sampleConsensus(paths, spec, sample, warnings);
  const flagged = Object.fromEntries((spec.labels ?? labels).map((label) => [label, population.items.filter((item) => item.label === label).length]));
  const inSample = new Map(sample.map((line) => [line.item, line]));
  const stratumNames = block.strata.map((stratum) => stratum.name);
  const itemsByStratum = new Map<string, typeof population.items>(stratumNames.map((name) => [name, []]));
  for (const item of population.items) {
    const name = stratumOf(item);
    if (!itemsByStratum.has(name)) itemsByStratum.set(name, []);
    itemsByStratum.get(name)!.push(item);
  }
  for (const planned of block.strata) {
    const now = itemsByStratum.get(planned.name)?.length ?? 0;
    if (now !== planned.size) warnings.push(`stratum "${planned.name}" has ${now} items now, ${planned.size} when planned`);
  }
  // Nonresponse (sampled but no consensus) is treated as missing at random within its stratum:
  // the rated items stand for the stratum (π scaled by the stratum's response rate).
  const usedByStratum = new Map<string, { sampled: number; used: number }>();
  for (const line of sample) {
    const entry = usedByStratum.get(line.stratum) ?? { sampled: 0, used: 0 };
    entry.sampled += 1;
    if (consensus.labels.has(line.item)) entry.used += 1;
    usedByStratum.set(line.stratum, entry);
  }
  const estimates: LabelEstimate[] = [];
  const strataData = new Map<string, StratumData[]>();
  for (const label of labels) {
    const data: StratumData[] = [...itemsByStratum].map(([name, items]) => {
      const response = usedByStratum.get(name);
      const rate = response === undefined || response.sampled === 0 ? 1 : response.used / response.sampled;
      const audited: StratumData['audited'] = [];
      const unauditedPredictions: number[] = [];
      let predictionTotal = 0;
      for (const item of items) {
        const prediction = predictionScore(item, label);
        predictionTotal += prediction;
        const drawn = inSample.get(item.item);
        const rated = consensus.labels.get(item.item);
        if (drawn !== undefined && rated !== undefined) audited.push({ label: rated === label ? 1 : 0, prediction, inclusionProbability: drawn.inclusionProbability * rate });
        else unauditedPredictions.push(prediction);
      }
      return { name, size: items.length, predictionTotal, audited, unauditedPredictions };
    });
    strataData.set(label, data);
    const positives = data.reduce((sum, stratum) => sum + stratum.audited.reduce((s, item) => s + item.label, 0), 0);
    const negatives = data.reduce((sum, stratum) => sum + stratum.audited.length, 0) - positives;
    for (const estimate of estimateLabel(block.design, data, alpha)) estimates.push(withCounts(label, estimate, population.items.length, positives, negatives));
  }
  const recommended = labels.map((label) => recommend(label, block.design, strataData.get(label)!, estimates.filter((estimate) => estimate.label === label)));
  return {
    folder: paths.folder,
    rubric: spec.rubric,
    grader: block.grader,
    design: block.design,
    population: population.items.length,
    alpha,
    audited: { sampled: sample.length, used: consensus.labels.size, unrated: consensus.unrated, unresolved: consensus.unresolved, notInSample: consensus.notInSample },
    raterKinds: consensus.raterKinds,
    labels,
    flagged,
    estimates,
    recommended,
    effectiveSampleSize: recommended.map((choice) => {
      if (choice.method === null) return { label: choice.label, method: null, value: null, reason: 'undefined because no estimate could be computed' };
      const estimate = estimates.find((candidate) => candidate.label === choice.label && candidate.method === choice.method)!;
      const ess = effectiveSampleSize(estimate.value === null ? { method: estimate.method, value: null, reason: estimate.reason! } : { method: estimate.method, value: estimate.value, raw: estimate.raw! }, alpha, population.items.length);
      return { label: choice.label, method: choice.method, ...ess };
    }),
    strata: stratumRates(block, itemsByStratum, inSample, consensus.labels, 1 - alpha),
    warnings,
  };
}

/** Counts are clipped to what the audit proves: at least the positives seen, at most N minus the negatives seen. */
function withCounts(label: string, estimate: MethodEstimate, population: number, positives: number, negatives: number): LabelEstimate {
  if (estimate.value === null) return { label, method: estimate.method, value: null, reason: estimate.reason, ...(estimate.pointEstimate === undefined ? {} : { pointEstimate: estimate.pointEstimate }) };
  const [low, high] = countBounds(estimate.raw, population, positives, negatives);
  return {
    label,
    method: estimate.method,
    value: estimate.value,
    raw: estimate.raw,
    prevalence: [low / population, high / population],
    count: { value: estimate.value * population, interval: [low, high] },
    ...(estimate.lambda === undefined ? {} : { lambda: estimate.lambda }),
    ...(estimate.note === undefined ? {} : { note: estimate.note }),
  };
}

async function readSample(file: string, warnings: string[]): Promise<SampleLine[]> {
  if (!existsSync(file)) throw new TgradeError('E_AUDIT_INVALID', `${file} is missing: an audit folder needs the sample tgrade audit plan wrote`);
  const sample: SampleLine[] = [];
  for await (const { line, text } of readLines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new TgradeError('E_AUDIT_INVALID', `${file}:${line}: not valid JSON (${(error as Error).message}); the sample must be as the plan wrote it`);
    }
    const parsed = SampleLineSchema.safeParse(value);
    if (!parsed.success) throw new TgradeError('E_AUDIT_INVALID', `${file}:${line}: ${describeIssues(parsed.error)}`);
    sample.push(parsed.data);
  }
  if (sample.length === 0) warnings.push(`${file} is empty`);
  return sample;
}

/** Sampled item → consensus label, by the gold set's rule (the modules calibrate uses). */
async function sampleConsensus(
  paths: Awaited<ReturnType<typeof loadGoldSetSpec>>['paths'],
  spec: Awaited<ReturnType<typeof loadGoldSetSpec>>['spec'],
  sample: readonly SampleLine[],
  warnings: string[],
): Promise<{ labels: Map<string, string>; unrated: number; unresolved: number; notInSample: number; raterKinds: ('human' | 'illustrative')[] }> {
  if (!existsSync(paths.ratings)) throw new TgradeError('E_AUDIT_INVALID', `${paths.ratings} is missing: label the sampled transcripts first (tgrade annotate ${paths.folder})`);
  const file = await readRatingsFile(paths.ratings);
  for (const problem of file.problems) warnings.push(`${problem.file}:${problem.line}: ${problem.message} (line skipped)`);
  const ids = sample.map((line) => line.item);
  const known = new Set(ids);
  const outside = new Set(file.ratings.filter((rating) => !known.has(rating.item)).map((rating) => rating.item));
  if (outside.size > 0) warnings.push(`${paths.ratings}: ${outside.size} rated item(s) are not in the sample and are left out`);
  const gold = sortGoldRatings(spec, file.ratings.filter((rating) => known.has(rating.item)));
  for (const rater of gold.undeclared) warnings.push(`${paths.ratings}: rater "${rater}" is not declared in gold.yaml \`raters\` (with its kind), so its ratings are left out`);
  const labels = [...new Set([...(spec.labels ?? []), ...file.ratings.map((rating) => rating.label)])];
  const { consensus } = goldReference(gold, ids, labels, spec.consensus);
  const result = new Map<string, string>();
  let unrated = 0;
  let unresolved = 0;
  for (const item of consensus) {
    if (item.label !== null) result.set(item.item, item.label);
    else if (item.source === 'unrated') unrated += 1;
    else unresolved += 1;
  }
  if (unrated + unresolved > 0) warnings.push(`${unrated + unresolved} of ${ids.length} sampled item(s) have no consensus (${unrated} unrated, ${unresolved} tied): left out, the rated items of their stratum standing for them`);
  return { labels: result, unrated, unresolved, notInSample: outside.size, raterKinds: [...new Set(gold.referenceRaters.map((rater) => rater.kind))] };
}
