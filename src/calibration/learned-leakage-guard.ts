import { resolve } from 'node:path';
import type { Prediction } from './grader-evaluation.js';
import type { GraderInstance } from '../config/setup.js';
import type { LabelThreshold } from '../learned/choose-label.js';
import { loadLearnedModel, type LearnedModel } from '../learned/learned-model.js';

/**
 * No leakage: a learned grader scored on the items it was trained on looks far better than it is.
 * For those items its figures use the out-of-fold probabilities recorded in the model file (each
 * from a model that never saw the item, mean over the CV repeats) instead of its in-sample verdict.
 */

/** What `audit` (or anything else scoring a gold set) uses for a training item: its out-of-fold prediction, or null when the model was not trained on it. */
function outOfFoldPrediction(model: LearnedModel, itemId: string, threshold?: LabelThreshold): { label: string; probabilities: Record<string, number>; positiveScore: number } | null {
  const probabilities = model.outOfFold(itemId);
  if (probabilities === null) return null;
  return {
    label: model.labels[model.choose(probabilities, threshold)]!,
    probabilities: Object.fromEntries(model.labels.map((label, k) => [label, probabilities[k]!])),
    positiveScore: model.labels.reduce((sum, label, k) => sum + (model.positive.includes(label) ? probabilities[k]! : 0), 0),
  };
}

/** The model file of a configured `learned` grader, or null for any other grader. */
async function learnedModelOfInstance(instance: GraderInstance, baseDir: string): Promise<LearnedModel | null> {
  if (instance.grader.id !== 'learned') return null;
  const options = instance.options as { model?: unknown };
  if (typeof options.model !== 'string') return null;
  return loadLearnedModel(resolve(instance.configDir ?? baseDir, options.model));
}

interface GuardedPredictions {
  predictions: Map<string, Prediction>;
  /** Items whose prediction was replaced by the out-of-fold one. */
  replaced: number;
  /** Said in the report when replaced > 0. */
  note?: string;
}

/** Replaces the predictions of training items by their out-of-fold ones, and says so. */
function withOutOfFoldPredictions(
  name: string,
  model: LearnedModel,
  predictions: ReadonlyMap<string, Prediction>,
  threshold: LabelThreshold | undefined,
  positive: ReadonlySet<string>,
): GuardedPredictions {
  const guarded = new Map(predictions);
  let replaced = 0;
  for (const item of predictions.keys()) {
    const outOfFold = outOfFoldPrediction(model, item, threshold);
    if (outOfFold === null) continue;
    const score = model.labels.reduce((sum, label) => sum + (positive.has(label) ? outOfFold.probabilities[label]! : 0), 0);
    guarded.set(item, { status: 'ok', label: outOfFold.label, score, hasConfidence: true, evidence: [] });
    replaced++;
  }
  if (replaced === 0) return { predictions: guarded, replaced };
  const { folds, repeats } = model.data.crossValidation;
  return {
    predictions: guarded,
    replaced,
    note: `${name}: ${replaced} of ${predictions.size} gold items were in the training data of ${model.file}; their figures use the out-of-fold scores recorded in it (${folds}-fold CV × ${repeats} repeats, each from a model that never saw the item), not in-sample scores`,
  };
}

/**
 * A configured grader's predictions with the guard applied: for a learned grader, its training
 * items' out-of-fold predictions (the note goes to `warnings`); null for any other grader.
 */
export async function guardedPredictionsOf(
  instance: GraderInstance,
  predictions: ReadonlyMap<string, Prediction>,
  baseDir: string,
  positive: ReadonlySet<string>,
  warnings: string[],
): Promise<Map<string, Prediction> | null> {
  const model = await learnedModelOfInstance(instance, baseDir);
  if (model === null) return null;
  const threshold = (instance.options as { threshold?: LabelThreshold }).threshold;
  const guarded = withOutOfFoldPredictions(instance.name, model, predictions, threshold, positive);
  if (guarded.note !== undefined) warnings.push(guarded.note);
  return guarded.predictions;
}
