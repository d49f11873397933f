import { TgradeError, type LearnedModel } from 'transcript-grader/plugin';
import type { LearnedOptions } from './options.js';

/** The chosen label's index under the threshold rule of the options (see options.ts). */
export function chooseLabel(model: LearnedModel, probabilities: readonly number[], threshold: LearnedOptions['threshold']): number {
  const argmax = (skip: number) => probabilities.reduce((best, p, k) => (k !== skip && (best < 0 || p > probabilities[best]!) ? k : best), -1);
  if (threshold === undefined) return argmax(-1);
  if (typeof threshold === 'number') {
    if (model.labels.length !== 2) {
      throw new TgradeError('E_CONFIG_INVALID', `${model.file}: a number threshold needs a two-label model, and this one has ${model.labels.length} labels; use {label, minProbability}`);
    }
    const positive = model.labels.findIndex((label) => model.positive.includes(label));
    const chosen = positive < 0 ? 1 : positive;
    return probabilities[chosen]! >= threshold ? chosen : 1 - chosen;
  }
  const index = model.labels.indexOf(threshold.label);
  if (index < 0) throw new TgradeError('E_CONFIG_INVALID', `threshold.label "${threshold.label}" is not one of the model's labels (${model.labels.join(', ')}) in ${model.file}`);
  return probabilities[index]! >= threshold.minProbability ? index : argmax(index);
}
