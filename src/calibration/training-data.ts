import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readFinalResults } from './final-results.js';
import { loadGoldSetSpec } from '../gold/gold-set.js';
import { readGoldReferenceRatings } from './gold-reference-ratings.js';
import { TgradeError } from '../errors.js';
import { labelNames, type Rubric } from '../rubric/schema.js';
import { spansOfParts } from '../transcript/parts.js';
import { describeSource } from '../transcript/schema.js';
import { formatProblem, problemOutcome, readTranscripts } from '../transcript/read-transcripts.js';
import type { TrainingItem } from '../learned/train-model.js';

export interface TrainingData {
  items: TrainingItem[];
  kind: 'gold-set' | 'results';
  /** The folder or results file, as given. */
  source: string;
  grader?: string;
  /** Things skipped on the way (bad lines, items without consensus or transcript), each naming where. */
  warnings: string[];
}

/** Labels from a gold set folder (its reference raters' consensus) or from one grader's verdicts in a results file. */
export async function readTrainingData(options: { from: string; rubric: Rubric; grader?: string; transcripts?: string }): Promise<TrainingData> {
  const { from, rubric } = options;
  if (!existsSync(from)) throw new TgradeError('E_TRAINING_DATA', `${from}: no such gold set folder or results file`);
  const labelled = statSync(from).isDirectory() ? await goldSetLabels(from, rubric) : await resultLabels(from, rubric, options.grader);
  const transcriptsFile = options.transcripts ?? labelled.transcripts;
  if (transcriptsFile === '') throw new TgradeError('E_TRAINING_DATA', `${from}: its records do not name the transcripts they graded; pass the file with --transcripts`);
  if (!existsSync(transcriptsFile)) throw new TgradeError('E_TRAINING_DATA', `${transcriptsFile}: transcripts file not found; pass the file the labels are about with --transcripts`);
  const warnings = [...labelled.warnings];
  const items: TrainingItem[] = [];
  const found = new Set<string>();
  for await (const entry of readTranscripts(transcriptsFile)) {
    if (!entry.ok) {
      warnings.push(`${formatProblem(entry.problem)}${problemOutcome(entry.problem)}`);
      continue;
    }
    const { transcript } = entry;
    const label = labelled.labels.get(transcript.id);
    if (label === undefined || found.has(transcript.id)) continue;
    found.add(transcript.id);
    items.push({ id: transcript.id, label, spans: spansOfParts(transcript, rubric.reads), origin: describeSource(transcript.source) });
  }
  const missing = [...labelled.labels.keys()].filter((id) => !found.has(id));
  if (missing.length > 0) warnings.push(`${transcriptsFile}: ${missing.length} labelled item(s) have no transcript there and are left out: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  return { items, kind: labelled.kind, source: from, ...(labelled.grader === undefined ? {} : { grader: labelled.grader }), warnings };
}

interface Labels {
  labels: Map<string, string>;
  transcripts: string;
  kind: 'gold-set' | 'results';
  grader?: string;
  warnings: string[];
}

async function goldSetLabels(folder: string, rubric: Rubric): Promise<Labels> {
  const { spec, paths } = await loadGoldSetSpec(folder);
  if (spec.rubric !== rubric.id) throw new TgradeError('E_TRAINING_DATA', `${paths.spec}: the gold set is for rubric "${spec.rubric}", not "${rubric.id}"; train with --rubric ${spec.rubric}`);
  // The consensus by the rule calibrate uses, so a model learns the labels it is then measured against.
  const reference = await readGoldReferenceRatings(folder, labelNames(rubric));
  const labels = new Map<string, string>();
  let tied = 0;
  for (const item of reference.consensus) {
    if (item.label !== null) labels.set(item.item, item.label);
    else if (item.source !== 'unrated') tied++;
  }
  const warnings = [...reference.warnings];
  if (tied > 0) warnings.push(`${paths.ratings}: ${tied} item(s) have no consensus label (raters tied) and are left out`);
  return { labels, transcripts: paths.transcripts, kind: 'gold-set', warnings };
}

async function resultLabels(file: string, rubric: Rubric, grader: string | undefined): Promise<Labels> {
  const byGrader = await readFinalResults(file);
  const ofRubric = [...byGrader].filter(([, records]) => [...records.values()].some((record) => record.rubric === rubric.id)).map(([name]) => name);
  if (grader === undefined && ofRubric.length !== 1) {
    throw new TgradeError('E_TRAINING_DATA', `${file}: ${ofRubric.length === 0 ? `no grader has verdicts for rubric "${rubric.id}"` : `several graders have verdicts for rubric "${rubric.id}" (${ofRubric.join(', ')}); choose one with --grader`}`);
  }
  const name = grader ?? ofRubric[0]!;
  const records = byGrader.get(name);
  if (records === undefined) throw new TgradeError('E_TRAINING_DATA', `${file}: no verdicts from grader "${name}" (graders there: ${[...byGrader.keys()].join(', ') || 'none'})`);
  const labels = new Map<string, string>();
  const sources = new Set<string>();
  let notLabelled = 0;
  let otherRubric = 0;
  for (const [id, record] of records) {
    if (record.rubric !== rubric.id) otherRubric++;
    else if (record.status !== 'ok' || record.label === null) notLabelled++;
    else {
      labels.set(id, record.label);
      if (record.source !== undefined) sources.add(resolve(record.source.file));
    }
  }
  const warnings: string[] = [];
  if (notLabelled > 0) warnings.push(`${file}: ${notLabelled} verdict(s) of "${name}" are abstentions or errors and are left out (a gate trained without them never learns those items)`);
  if (otherRubric > 0) warnings.push(`${file}: ${otherRubric} verdict(s) of "${name}" are for another rubric and are left out`);
  const transcripts = sources.size === 1 ? [...sources][0]! : '';
  if (sources.size > 1) throw new TgradeError('E_TRAINING_DATA', `${file}: the verdicts come from ${sources.size} transcript files; name the one to train on with --transcripts`);
  return { labels, transcripts, kind: 'results', grader: name, warnings };
}
