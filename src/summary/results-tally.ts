import type { ResultRecord } from '../grading/verdict.js';
import { clopperPearson } from '../stats/clopper-pearson.js';
import { PAIR_ERRORED, PAIR_FINISHED } from '../store/resume-index.js';
import { ErrorCauses } from './error-causes.js';
import type { GraderSummary } from './grader-summary.js';

interface GraderTally {
  rubric: string;
  labels: Map<string, number>;
  abstained: number;
  /** Pairs with an error record and no final one (yet). */
  errors: number;
  flags: Map<string, number>;
  usage: GraderSummary['usage'];
  /** Causes of the errors recorded since countErrorCausesFromNow(). */
  causes: ErrorCauses;
}

/**
 * Counts results one record at a time, as they are read or written, so a run can print its summary
 * without reading the results file again. Which pairs are already finished or errored comes from
 * the caller's resume index (`before`: the pair's PAIR_FINISHED / PAIR_ERRORED bits before this
 * record), so the tally itself holds only counts.
 *
 * Rules: a pair counts once, by its first final (labelled or abstained) record; an error counts
 * only while the pair has no final record; every record's token usage is added, duplicates too,
 * because each was paid for.
 */
export class ResultsTally {
  private readonly graders = new Map<string, GraderTally>();
  private countingCauses = false;

  /**
   * Error causes are counted for the records added from now on: this run's. Errors from earlier runs
   * are not listed — a run retries every error record, so the pairs still failing failed again now.
   */
  countErrorCausesFromNow(): void {
    this.countingCauses = true;
  }

  add(record: Pick<ResultRecord, 'grader' | 'rubric' | 'status' | 'label' | 'flags' | 'usage' | 'code' | 'error'>, before: number): void {
    let tally = this.graders.get(record.grader);
    if (tally === undefined) {
      tally = {
        rubric: record.rubric,
        labels: new Map(),
        abstained: 0,
        errors: 0,
        flags: new Map(),
        causes: new ErrorCauses(),
        usage: { requests: 0, cachedResponses: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
      };
      this.graders.set(record.grader, tally);
    }
    addUsage(tally.usage, record.usage);
    const finished = (before & PAIR_FINISHED) !== 0;
    if (record.status === 'error') {
      if (!finished && (before & PAIR_ERRORED) === 0) tally.errors += 1;
      if (!finished && this.countingCauses) tally.causes.add(record.code, record.error);
      return;
    }
    if (finished) return; // a duplicate of a finished pair counts once
    if ((before & PAIR_ERRORED) !== 0) tally.errors -= 1;
    if (record.status === 'abstain' || record.label === null) tally.abstained += 1;
    else tally.labels.set(record.label, (tally.labels.get(record.label) ?? 0) + 1);
    if (record.flags !== undefined) for (const flag of record.flags) tally.flags.set(flag, (tally.flags.get(flag) ?? 0) + 1);
  }

  /** Per grader, in order of first appearance; `labelOrder` lists each rubric's labels so unused ones show with 0. */
  summaries(labelOrder: ReadonlyMap<string, readonly string[]> = new Map()): GraderSummary[] {
    return [...this.graders.entries()].map(([grader, tally]) => {
      const labelled = [...tally.labels.values()].reduce((sum, count) => sum + count, 0);
      const order = [...(labelOrder.get(tally.rubric) ?? []), ...[...tally.labels.keys()].sort()];
      const labels = [...new Set(order)].map((label) => {
        const count = tally.labels.get(label) ?? 0;
        const { lower, upper } = clopperPearson(count, labelled);
        return { label, count, share: labelled === 0 ? 0 : count / labelled, ci95: [lower, upper] as [number, number] };
      });
      return {
        grader,
        rubric: tally.rubric,
        labelled,
        abstained: tally.abstained,
        errors: tally.errors,
        labels,
        flags: Object.fromEntries(tally.flags),
        usage: { ...tally.usage },
        ...(this.countingCauses && tally.causes.size > 0 ? { errorCauses: tally.causes.list() } : {}),
      };
    });
  }
}

function addUsage(total: GraderSummary['usage'], usage: ResultRecord['usage']): void {
  if (usage === undefined) return;
  total.requests += usage.requests;
  total.cachedResponses += usage.cachedResponses ?? 0; // absent in records written before the field existed
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.cacheReadTokens += usage.cacheReadTokens;
  total.cacheWriteTokens += usage.cacheWriteTokens;
  total.costUsd = total.costUsd === null || usage.costUsd === null ? null : total.costUsd + usage.costUsd;
}
