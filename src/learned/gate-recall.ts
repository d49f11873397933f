import { clopperPearson } from '../stats/index.js';
import type { ModelFile } from './model-file.js';

/**
 * The learned grader as a gate (`when: {grader: learned, labels: [positive…]}` with `threshold`):
 * at each threshold on P(positive labels), the recall of the positive training items and the share
 * of all items it lets through — both from the out-of-fold scores, so every item is held out. A gate
 * that drops true positives does silent damage, so recall comes with its exact (Clopper–Pearson)
 * 95% interval.
 */
export interface GateRow {
  threshold: number;
  recall: number;
  recallCi95: [number, number];
  /** Positives let through / positives. */
  positives: [number, number];
  /** Share of all items let through (what the gated grader still costs). */
  passed: number;
}

export function gateRecall(model: ModelFile, thresholds: readonly number[] = [0.05, 0.1, 0.2, 0.3, 0.5]): GateRow[] | null {
  const positive = model.rubric.labels.map((label) => model.rubric.positive.includes(label));
  if (!positive.some(Boolean)) return null;
  const scores = model.crossValidation.outOfFold.map((p) => p.reduce((sum, value, k) => sum + (positive[k] ? value : 0), 0));
  const isPositive = model.training.items.map((item) => model.rubric.positive.includes(item.label));
  const total = isPositive.filter(Boolean).length;
  if (total === 0) return null;
  return thresholds.map((threshold) => {
    const caught = scores.filter((score, i) => isPositive[i] && score >= threshold).length;
    const { lower, upper } = clopperPearson(caught, total);
    return { threshold, recall: caught / total, recallCi95: [lower, upper], positives: [caught, total], passed: scores.filter((score) => score >= threshold).length / scores.length };
  });
}
