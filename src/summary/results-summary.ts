import { existsSync } from 'node:fs';
import { readLines } from '../transcript/jsonl-lines.js';
import type { ResultRecord } from '../grading/verdict.js';
import { clopperPearson } from '../stats/clopper-pearson.js';
import { resultKey } from '../store/results-store.js';

export interface LabelCount {
  label: string;
  count: number;
  /** Share of the grader's labelled transcripts, with its exact 95% interval. */
  share: number;
  ci95: [number, number];
}

export interface GraderSummary {
  grader: string;
  rubric: string;
  /** Transcripts the grader gave a label (the denominator of every share). */
  labelled: number;
  abstained: number;
  /** Pairs whose latest record is an error (a later success clears it). */
  errors: number;
  labels: LabelCount[];
  /** How many verdicts carry each flag (unverifiedEvidence, promptInjection, …). */
  flags: Record<string, number>;
  usage: { requests: number; cachedResponses: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; costUsd: number | null };
}

interface Tally {
  rubric: string;
  labels: Map<string, number>;
  abstained: number;
  erroredKeys: Set<string>;
  finishedKeys: Set<string>;
  flags: Map<string, number>;
  usage: GraderSummary['usage'];
}

/**
 * Counts a results file per grader, streaming it. `labelOrder` lists each rubric's labels so that
 * labels no transcript received still show with 0 and their interval.
 */
export async function summarizeResults(file: string, labelOrder: ReadonlyMap<string, readonly string[]> = new Map()): Promise<GraderSummary[]> {
  const tallies = new Map<string, Tally>();
  if (!existsSync(file)) return [];
  for await (const { text } of readLines(file)) {
    let record: ResultRecord;
    try {
      record = JSON.parse(text) as ResultRecord;
    } catch {
      continue; // the store reports unreadable lines when it opens the file
    }
    let tally = tallies.get(record.grader);
    if (tally === undefined) {
      tally = {
        rubric: record.rubric,
        labels: new Map(),
        abstained: 0,
        erroredKeys: new Set(),
        finishedKeys: new Set(),
        flags: new Map(),
        usage: { requests: 0, cachedResponses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
      };
      tallies.set(record.grader, tally);
    }
    addUsage(tally.usage, record.usage);
    const key = resultKey(record.transcriptId, record.grader);
    if (record.status === 'error') {
      tally.erroredKeys.add(key);
      continue;
    }
    if (tally.finishedKeys.has(key)) continue; // a duplicate of a finished pair counts once
    tally.finishedKeys.add(key);
    tally.erroredKeys.delete(key);
    if (record.status === 'abstain' || record.label === null) tally.abstained += 1;
    else tally.labels.set(record.label, (tally.labels.get(record.label) ?? 0) + 1);
    for (const flag of record.flags ?? []) tally.flags.set(flag, (tally.flags.get(flag) ?? 0) + 1);
  }

  return [...tallies.entries()].map(([grader, tally]) => {
    const labelled = [...tally.labels.values()].reduce((sum, count) => sum + count, 0);
    const order = [...(labelOrder.get(tally.rubric) ?? []), ...[...tally.labels.keys()].sort()];
    const labels = [...new Set(order)].map((label) => {
      const count = tally.labels.get(label) ?? 0;
      const { lower, upper } = clopperPearson(count, labelled);
      return { label, count, share: labelled === 0 ? 0 : count / labelled, ci95: [lower, upper] as [number, number] };
    });
    const erroredOnly = [...tally.erroredKeys].filter((key) => !tally.finishedKeys.has(key)).length;
    return {
      grader,
      rubric: tally.rubric,
      labelled,
      abstained: tally.abstained,
      errors: erroredOnly,
      labels,
      flags: Object.fromEntries(tally.flags),
      usage: tally.usage,
    };
  });
}

function addUsage(total: GraderSummary['usage'], usage: ResultRecord['usage']): void {
  if (usage === undefined) return;
  total.requests += usage.requests;
  total.cachedResponses += usage.cachedResponses;
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.cacheReadTokens += usage.cacheReadTokens;
  total.cacheWriteTokens += usage.cacheWriteTokens;
  total.costUsd = total.costUsd === null || usage.costUsd === null ? null : total.costUsd + usage.costUsd;
}
