import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { loadGoldSetSpec } from './gold-set.js';
import { writeAtomically } from './import-labelled-samples.js';
import { stringify as toYaml } from 'yaml';

/**
 * Imports an automated rater's per-item predictions into a gold set as ratings with a `score`, so
 * calibrate can compare it with the humans like any grader with a confidence (AUROC, threshold).
 * Accepts `{predictions: [{sample_idx, predicted_label, <score field>}]}` or a bare array; items are
 * matched by index into the gold set's transcripts.jsonl, in file order.
 */
const PredictionSchema = z.looseObject({
  sample_idx: z.number().int().nonnegative(),
  predicted_label: z.union([z.number(), z.string(), z.boolean()]),
});
type Prediction = z.infer<typeof PredictionSchema>;

/** What each prediction needs, as `--help` and the README say it. */
export const PREDICTION_FIELDS =
  'sample_idx (0-based index into the gold set\'s transcripts.jsonl), predicted_label (1/0, true/false, or the --positive/--negative label) and the --score-field (probability of the positive label, in [0, 1])';

export interface ImportPredictionsOptions {
  input: string;
  goldDir: string;
  rater: string;
  /** Field holding the probability of the positive label (e.g. "af_probability"). */
  scoreField: string;
  /** Label for predicted_label 1/true, and for 0/false. */
  positiveLabel: string;
  negativeLabel: string;
  description?: string;
}

export async function importPredictions(options: ImportPredictionsOptions): Promise<{ items: number }> {
  const { spec, paths } = await loadGoldSetSpec(options.goldDir);
  const predictions = parsePredictions(options.input, await readFile(options.input, 'utf8'), options.scoreField);
  const ids = (await readFile(paths.transcripts, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as { id: string }).id));

  const lines = predictions.map((prediction, index) => {
    const item = ids[prediction.sample_idx];
    if (item === undefined) throw new TgradeError('E_INPUT_LINE', `${options.input}: prediction ${index} has sample_idx ${prediction.sample_idx}, beyond the ${ids.length} transcripts`);
    const score = prediction[options.scoreField];
    if (typeof score !== 'number' || score < 0 || score > 1) {
      throw new TgradeError('E_INPUT_LINE', `${options.input}: prediction ${index} has no probability in "${options.scoreField}"`);
    }
    const positive = prediction.predicted_label === 1 || prediction.predicted_label === true || prediction.predicted_label === '1' || prediction.predicted_label === options.positiveLabel;
    return JSON.stringify({ item, rater: options.rater, label: positive ? options.positiveLabel : options.negativeLabel, score });
  });
  // Replace this rater's earlier import rather than appending a second copy.
  const kept = (await readFile(paths.ratings, 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line.trim() !== '' && (JSON.parse(line) as { rater?: string }).rater !== options.rater);
  await writeAtomically(paths.ratings, `${[...kept, ...lines].join('\n')}\n`);
  const raters = spec.raters.filter((rater) => rater.name !== options.rater);
  raters.push({ name: options.rater, kind: 'automated', ...(options.description === undefined ? {} : { description: options.description }) });
  await writeAtomically(paths.spec, toYaml({ ...spec, raters }));
  return { items: lines.length };
}

/**
 * The predictions of a file, or an error naming what is missing: a union schema would only say
 * "Invalid input", so the outer shape is checked first and then each prediction's own fields.
 */
function parsePredictions(file: string, text: string, scoreField: string): Prediction[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TgradeError('E_INPUT_LINE', `${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null && Array.isArray((data as { predictions?: unknown }).predictions) ? ((data as { predictions: unknown[] }).predictions) : null;
  if (list === null) {
    const keys = typeof data === 'object' && data !== null ? Object.keys(data) : [];
    throw new TgradeError('E_INPUT_LINE', `${file}: expected {"predictions": [...]} or an array of predictions${keys.length > 0 ? `; found the keys ${keys.join(', ')}` : ''}. Each prediction needs ${PREDICTION_FIELDS}`);
  }
  return list.map((entry, index) => {
    const fields = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? Object.keys(entry) : [];
    const missing = ['sample_idx', 'predicted_label', scoreField].filter((field) => !fields.includes(field));
    if (missing.length > 0) {
      throw new TgradeError(
        'E_INPUT_LINE',
        `${file}: prediction ${index} lacks ${missing.join(', ')} (its fields: ${fields.join(', ') || 'none'}). Each prediction needs ${PREDICTION_FIELDS}`,
      );
    }
    const parsed = PredictionSchema.safeParse(entry);
    if (!parsed.success) throw new TgradeError('E_INPUT_LINE', `${file}: prediction ${index}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  });
}
