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
    const duplicates = run.duplicateIds ?? 0;
    const invalidUtf8 = run.invalidUtf8 ?? 0;
    lines.push(
      `${run.transcripts} transcripts read${run.problems > 0 ? `, ${run.problems} malformed line(s) skipped` : ''}${duplicates > 0 ? `, ${duplicates} duplicate id(s) not graded (the first record with an id is)` : ''}${invalidUtf8 > 0 ? `, ${invalidUtf8} invalid UTF-8 sequence(s) read as U+FFFD` : ''}${run.aborted ? ' (interrupted: rerun to finish)' : ''}`,
    );
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
    const causes = summary.errorCauses ?? [];
    if (summary.errors > 0 && causes.length > 0) {
      lines.push('  most common errors this run:');
      for (const cause of causes.slice(0, SHOWN_CAUSES)) lines.push(`    ${cause.count}× ${cause.code}  ${printable(cause.message)}`);
      if (causes.length > SHOWN_CAUSES) lines.push(`    … ${causes.length - SHOWN_CAUSES} other causes (see the error field in the results file)`);
    }
    const flags = Object.entries(summary.flags);
    if (flags.length > 0) lines.push(`  flags: ${flags.map(([flag, count]) => `${flag} ${count}`).join(', ')}`);
    if (summary.usage.requests + summary.usage.cachedResponses > 0) {
      const { requests, cachedResponses, inputTokens, outputTokens, costUsd } = summary.usage;
      // The usage is counted over the whole results file: say so when this run sent nothing.
      const earlier = stage !== undefined && stage.graded === 0 ? 'nothing sent in this run; the results file records from earlier runs ' : '';
      lines.push(
        `  LLM: ${earlier}${requests} requests (${cachedResponses} from cache), ${inputTokens} input / ${outputTokens} output tokens, cost ${costUsd === null ? 'unknown (no price for the model)' : `$${costUsd.toFixed(4)}`}`,
      );
    }
  }
  return lines.join('\n');
}

const SHOWN_CAUSES = 3;

/** A message may quote a server's text: control characters are shown as \xNN, never sent to the terminal. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
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
