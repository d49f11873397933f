import { TgradeError } from '../errors.js';

/** `threshold` of the learned grader's options (graders/learned/options.ts). */
export type LabelThreshold = number | { label: string; minProbability: number };

interface ModelLabels {
  file: string;
  labels: readonly string[];
  positive: readonly string[];
}

/**
 * The chosen label's index: two labels and a number → the positive label when its probability is at
 * least the threshold; `{label, minProbability}` → that label when its probability reaches it, else
 * the most probable other label; no threshold → the most probable label. The grader and the leakage
 * guard (out-of-fold scores in calibrate) share this one rule.
 */
export function chooseLabel(model: ModelLabels, probabilities: readonly number[], threshold: LabelThreshold | undefined): number {
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
