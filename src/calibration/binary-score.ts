/**
 * A verdict's score for the binary view of a rubric (its `positive` labels), for ROC analysis and
 * thresholds. With per-label `scores` (vote shares, a probe's probabilities) it is the sum of the
 * positive labels' scores. With only a `confidence` in the chosen label it is that confidence when
 * the label is positive and 1 − confidence otherwise — an upper bound on the positive share when the
 * remaining mass is split among several labels. A label with neither counts as certain (score 1 or
 * 0): that is what a grader without a confidence (or the rubric's automatic empty label) asserts.
 */
export interface ScoredVerdict {
  label: string;
  confidence?: number | undefined;
  scores?: Record<string, number> | undefined;
}

export function positiveScore(verdict: ScoredVerdict, positive: ReadonlySet<string>): number {
  if (verdict.scores !== undefined && Object.keys(verdict.scores).length > 0) {
    let sum = 0;
    for (const [label, score] of Object.entries(verdict.scores)) if (positive.has(label)) sum += score;
    return Math.min(1, Math.max(0, sum));
  }
  const confidence = verdict.confidence ?? 1;
  return positive.has(verdict.label) ? confidence : 1 - confidence;
}

/** True when the verdict carries a graded confidence, not just a label. */
export function hasConfidence(verdict: ScoredVerdict): boolean {
  return verdict.confidence !== undefined || (verdict.scores !== undefined && Object.keys(verdict.scores).length > 0);
}
