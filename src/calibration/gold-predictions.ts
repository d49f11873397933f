import type { ResultRecord } from '../grading/verdict.js';
import { hasConfidence, positiveScore } from './binary-score.js';
import type { Prediction } from './grader-evaluation.js';
import type { RatingRecord } from '../gold/ratings-file.js';

/** A grader's final records (item → record) as the predictions its evaluation takes. */
export function predictionsOfResults(records: ReadonlyMap<string, ResultRecord> | undefined, positive: ReadonlySet<string>): Map<string, Prediction> {
  const predictions = new Map<string, Prediction>();
  for (const [item, record] of records ?? []) {
    const evidence = (record.evidence ?? []).map((quote) => quote.quote);
    if (record.status === 'ok' && record.label !== null) {
      const verdict = { label: record.label, confidence: record.confidence, scores: record.scores };
      predictions.set(item, { status: 'ok', label: record.label, score: positiveScore(verdict, positive), hasConfidence: hasConfidence(verdict), evidence });
    } else if (record.status === 'error') {
      predictions.set(item, { status: 'error', label: null, hasConfidence: false, evidence: [], reason: record.error ?? 'error' });
    } else {
      predictions.set(item, { status: 'abstain', label: null, hasConfidence: false, evidence, reason: record.reason ?? 'abstained' });
    }
  }
  return predictions;
}

/** An automated rater's ratings as predictions; its `score` is its probability that the item is positive in the binary view. */
export function predictionsOfRatings(records: readonly RatingRecord[], positive: ReadonlySet<string>): Map<string, Prediction> {
  return new Map(
    records.map((record) => [
      record.item,
      {
        status: 'ok',
        label: record.label,
        score: record.score ?? positiveScore({ label: record.label }, positive),
        hasConfidence: record.score !== undefined,
        evidence: (record.evidence ?? []).map((quote) => quote.quote),
      },
    ]),
  );
}
