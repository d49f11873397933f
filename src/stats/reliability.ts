/**
 * Reliability (calibration) curve: scores cut into equal-width bins on [0, 1]; for each non-empty
 * bin, the mean score against the observed share of positives, with that share's exact
 * Clopper–Pearson 95% interval (bins are small on gold sets, so a bare rate would overstate what
 * is known). A well-calibrated grader's points lie on the diagonal. DeGroot & Fienberg (1983),
 * "The comparison and evaluation of forecasters", The Statistician 32:12–22.
 */
import { clopperPearson } from './clopper-pearson.js';

export interface ReliabilityBin {
  lower: number;
  upper: number;
  n: number;
  meanScore: number;
  observedRate: number;
  ci95: [number, number];
}

export function reliabilityBins(scores: readonly number[], positives: readonly boolean[], bins = 10): ReliabilityBin[] {
  if (scores.length !== positives.length) throw new RangeError(`reliabilityBins needs one label per score (${scores.length} scores, ${positives.length} labels)`);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`reliabilityBins needs a whole number of bins ≥ 1, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const scoreSum = new Array<number>(bins).fill(0);
  const positiveCount = new Array<number>(bins).fill(0);
  scores.forEach((score, index) => {
    if (!(score >= 0 && score <= 1)) throw new RangeError(`reliabilityBins needs scores in [0, 1], got ${score}`);
    // A score of exactly 1 belongs to the last bin, not to a bin past the end.
    const bin = Math.min(bins - 1, Math.floor(score * bins));
    count[bin]! += 1;
    scoreSum[bin]! += score;
    if (positives[index]) positiveCount[bin]! += 1;
  });
  return count.flatMap((n, bin) => {
    if (n === 0) return [];
    const { lower, upper } = clopperPearson(positiveCount[bin]!, n);
    return [{ lower: bin / bins, upper: (bin + 1) / bins, n, meanScore: scoreSum[bin]! / n, observedRate: positiveCount[bin]! / n, ci95: [lower, upper] as [number, number] }];
  });
}
