import { TranscriptPartSchema } from '../transcript/schema.js';
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { FeatureSettingsSchema } from './text-terms.js';

/**
 * The learned grader's model file (versioned JSON). Everything needed to score a new transcript
 * (feature settings, vocabulary with idf, weights, label order) and everything needed to judge it
 * honestly (training data hash and item ids, cross-validation figures, every training item's
 * out-of-fold probabilities, which `calibrate` uses instead of in-sample scores).
 */
export const MODEL_FORMAT = 'transcript-grader/learned-model';
export const MODEL_VERSION = 1;

const FigureSchema = z.object({
  value: z.number().nullable(),
  reason: z.string().optional(),
  repeats: z.object({ min: z.number(), max: z.number() }).optional(),
  ci95: z.tuple([z.number(), z.number()]).optional(),
  ciNote: z.string().optional(),
});

const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  createdAt: z.string(),
  rubric: z.object({
    id: z.string(),
    /** The transcript parts the model reads (the rubric's `reads` when trained). */
    reads: z.array(TranscriptPartSchema).min(1),
    /** Label order: probabilities and weight rows follow it. */
    labels: z.array(z.string()).min(2),
    /** Labels of the rubric's binary view, for AUC and the two-label threshold. */
    positive: z.array(z.string()),
  }),
  features: FeatureSettingsSchema,
  vocabulary: z.object({
    terms: z.array(z.string()),
    idf: z.array(z.number()),
    /** sha256 of the terms (JSON), checked on load. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  weights: z.object({
    c: z.number().positive(),
    /** sha256 of the vocabulary the weights were fitted on: must equal vocabulary.sha256. */
    vocabularySha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** One row for two labels (toward labels[1]), one per label otherwise. */
    rows: z.array(z.array(z.number())).min(1),
    intercepts: z.array(z.number()).min(1),
  }),
  training: z.object({
    source: z.string(),
    kind: z.enum(['gold-set', 'results']),
    grader: z.string().optional(),
    /** sha256 over the items' ids, labels and read texts, in order. */
    dataSha256: z.string().regex(/^[0-9a-f]{64}$/),
    items: z.array(z.object({ id: z.string(), label: z.string() })),
    labelCounts: z.record(z.string(), z.number().int()),
    warnings: z.array(z.string()),
  }),
  crossValidation: z.object({
    folds: z.number().int(),
    repeats: z.number().int(),
    innerFolds: z.number().int(),
    seed: z.number().int(),
    cGrid: z.array(z.number().positive()),
    /** per-fold: C chosen inside every outer training fold (nested); once: chosen on all items, reused by the folds. */
    cSelection: z.enum(['per-fold', 'once']),
    /** How often each C was chosen over the outer training folds. */
    chosenC: z.record(z.string(), z.number().int()),
    rocAuc: FigureSchema,
    kappa: FigureSchema,
    macroF1: FigureSchema,
    bootstrap: z.object({ resamples: z.number().int(), seed: z.number().int() }),
    /** Per training item (same order as training.items): out-of-fold probabilities, mean over repeats. */
    outOfFold: z.array(z.array(z.number())),
  }),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

export function vocabularySha256(terms: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(terms)).digest('hex');
}

/** Reads and checks a model file; every problem names the file and says what to do. */
export async function readModelFile(file: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TgradeError('E_MODEL_INVALID', `${file}: cannot read the model file (${(error as Error).message}); make one with \`tgrade train … --out ${file}\``, { cause: error, details: { file } });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TgradeError('E_MODEL_INVALID', `${file}: not JSON (${(error as Error).message}); retrain with \`tgrade train\``, { cause: error, details: { file } });
  }
  return checkModel(data, file);
}

function checkModel(data: unknown, file: string): ModelFile {
  const head = (data ?? {}) as { format?: unknown; version?: unknown };
  if (head.format !== MODEL_FORMAT) throw new TgradeError('E_MODEL_INVALID', `${file}: not a learned-grader model (format is ${JSON.stringify(head.format)}, expected "${MODEL_FORMAT}")`, { details: { file } });
  if (typeof head.version === 'number' && head.version > MODEL_VERSION) {
    throw new TgradeError('E_MODEL_INVALID', `${file}: model format version ${head.version} is newer than this transcript-grader reads (${MODEL_VERSION}); upgrade transcript-grader or retrain the model with this version`, { details: { file } });
  }
  const parsed = ModelFileSchema.safeParse(data);
  if (!parsed.success) throw new TgradeError('E_MODEL_INVALID', `${file}: ${describeIssues(parsed.error)}; retrain with \`tgrade train\``, { details: { file } });
  const model = parsed.data;
  const { terms, idf, sha256 } = model.vocabulary;
  const actual = vocabularySha256(terms);
  if (actual !== sha256 || model.weights.vocabularySha256 !== sha256) {
    throw new TgradeError(
      'E_MODEL_INVALID',
      `${file}: the vocabulary's hash (${actual.slice(0, 12)}…) does not match the one its weights were fitted on (${model.weights.vocabularySha256.slice(0, 12)}…): the file was edited or assembled from two models; retrain with \`tgrade train\``,
      { details: { file } },
    );
  }
  const rows = model.rubric.labels.length === 2 ? 1 : model.rubric.labels.length;
  const bad =
    idf.length !== terms.length
      ? `${idf.length} idf values for ${terms.length} terms`
      : model.weights.rows.length !== rows || model.weights.intercepts.length !== rows
        ? `${model.weights.rows.length} weight rows for ${model.rubric.labels.length} labels (expected ${rows})`
        : model.weights.rows.some((row) => row.length !== terms.length)
          ? `a weight row's length differs from the vocabulary's ${terms.length} terms`
          : model.crossValidation.outOfFold.length !== model.training.items.length
            ? `${model.crossValidation.outOfFold.length} out-of-fold scores for ${model.training.items.length} training items`
            : null;
  if (bad !== null) throw new TgradeError('E_MODEL_INVALID', `${file}: ${bad}; retrain with \`tgrade train\``, { details: { file } });
  return model;
}

/** Writes the model whole or not at all (temp file, then rename). */
export async function writeModelFile(file: string, model: ModelFile): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(model)}\n`, 'utf8');
  await rename(temporary, file);
}
