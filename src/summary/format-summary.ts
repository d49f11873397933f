import type { GraderRunCounts, GraderStage, LabelRunReport } from '../grading/run-label.js';
import type { GraderSummary } from './results-summary.js';
import { describeUnread } from '../transcript/unread-tally.js';

/** "3 of 40, 95% CI 1.6%–20.4%": the form a paper can quote. */
export function formatCount(count: number, total: number, ci95: readonly [number, number]): string {
  if (total === 0) return `0 of 0 (no labelled transcripts)`;
  return `${count} of ${total}, 95% CI ${percent(ci95[0])}–${percent(ci95[1])}`;
}

export function percent(value: number): string {
  const scaled = value * 100;
  if (scaled === 0 || scaled === 100) return `${scaled}%`;
  // Rare labels (7 of 32,768) need significant digits, not one decimal place. The branch is chosen
  // on the rounded value, so 0.996% prints as "1.0%" like every other value from 1% up.
  const significant = Number(scaled.toPrecision(2));
  return `${significant >= 1 ? scaled.toFixed(1) : significant.toString()}%`;
}

export function formatLabelSummary(summaries: readonly GraderSummary[], run?: LabelRunReport): string {
  const lines: string[] = [];
  if (run !== undefined) {
    lines.push(`${run.transcripts} transcripts read${run.problems > 0 ? `, ${run.problems} malformed line(s) skipped` : ''}${run.aborted ? ' (interrupted: rerun to finish)' : ''}`);
    for (const line of describeUnread(run.unreadShapes ?? {})) lines.push(`input: ${line}`);
    if ((run.unreadReasoning ?? 0) > 0) lines.push(`input: ${run.unreadReasoning} transcript(s) with reasoning that could not be read (redacted or of an unknown kind): flagged, never labelled as having none`);
    for (const skipped of run.skipped) lines.push(`skipped ${skipped.grader}: ${skipped.reason}`);
  }
  for (const summary of summaries) {
    const stage = run?.perGrader[summary.grader];
    lines.push('', `${summary.grader}  (rubric ${summary.rubric})`);
    const parts = [`${summary.labelled} labelled`];
    if (summary.abstained > 0) parts.push(`${summary.abstained} abstained`);
    if (summary.errors > 0) parts.push(`${summary.errors} errors`);
    if (stage !== undefined) {
      parts.push(`${stage.graded} graded now`);
      if (stage.alreadyDone > 0) parts.push(`${stage.alreadyDone} already done`);
      if (stage.gatedOut > 0) parts.push(`${stage.gatedOut} kept out by its gate`);
    }
    lines.push(`  ${parts.join(', ')}`);
    const stageInfo = run?.stages?.[summary.grader];
    if (stage !== undefined && run !== undefined && stageInfo?.gatedOn !== undefined) lines.push(`  ${gateSentence(stage, stageInfo, run.transcripts)}`);
    const width = Math.max(...summary.labels.map((label) => label.label.length), 5);
    for (const label of summary.labels) lines.push(`  ${label.label.padEnd(width)}  ${formatCount(label.count, summary.labelled, label.ci95)}`);
    const flags = Object.entries(summary.flags);
    if (flags.length > 0) lines.push(`  flags: ${flags.map(([flag, count]) => `${flag} ${count}`).join(', ')}`);
    if (summary.usage.requests + summary.usage.cachedResponses > 0) {
      const { requests, cachedResponses, inputTokens, outputTokens, costUsd } = summary.usage;
      lines.push(
        `  LLM: ${requests} requests (${cachedResponses} from cache), ${inputTokens} input / ${outputTokens} output tokens, cost ${costUsd === null ? 'unknown (no price for the model)' : `$${costUsd.toFixed(4)}`}`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * "LLM-graded 45 candidates of 32,768; 32,723 kept out by the gate on reward-tampering-actions":
 * the prefilter's counts in one sentence a paper can quote. Candidates are the transcripts the
 * gate let through (graded now, already graded, or failed with an error).
 */
export function gateSentence(counts: GraderRunCounts, stage: GraderStage, transcripts: number): string {
  const candidates = counts.graded + counts.alreadyDone + counts.errors;
  const verb = stage.llm ? 'LLM-graded' : 'graded';
  const waitingCount = (counts.deferred ?? 0) + (counts.waitingOnGate ?? 0);
  const waiting = waitingCount === 0 ? '' : `; ${thousands(waitingCount)} waiting for batch answers`;
  return `${verb} ${thousands(candidates)} candidate${candidates === 1 ? '' : 's'} of ${thousands(transcripts)}; ${thousands(counts.gatedOut)} kept out by the gate on ${stage.gatedOn ?? '?'}${waiting}`;
}

function thousands(value: number): string {
  return value.toLocaleString('en-US');
}
