import { CHARS_PER_TOKEN, type DryRunReport, type GraderEstimate } from './dry-run.js';

/** The dry run as text: per grader, requests, tokens and cost, each estimate saying how it was made. */
export function formatDryRun(report: DryRunReport, gates: ReadonlyMap<string, string> = new Map()): string {
  const lines = [`dry run: nothing was sent and nothing was written. ${thousands(report.transcripts)} transcripts in ${report.input}${report.problems > 0 ? `, ${report.problems} malformed line(s)` : ''}.`];
  if (report.graders.length === 0) lines.push('', 'no LLM grader is configured: a run would make no requests.');
  for (const estimate of report.graders) lines.push('', ...graderLines(estimate, gates.get(estimate.grader)));
  for (const skipped of report.skipped) lines.push('', `${skipped.grader}: would not run (${skipped.reason})`);
  if (report.graders.length > 0) {
    lines.push(
      '',
      `Input tokens are estimated as characters / ${CHARS_PER_TOKEN} (a rough rule for English text; a tokenizer may count 20–30% more or less).`,
      'Output tokens are maxTokens per request, an upper bound. Costs use the price table (config `prices` over the dated defaults),',
      'without prompt-cache discounts; batch = the providers’ batch price (50% off). Follow-up requests that depend on an answer',
      '(onUnverifiedEvidence: reask) are not counted.',
    );
  }
  return lines.join('\n');
}

function graderLines(estimate: GraderEstimate, gatedOn: string | undefined): string[] {
  const lines = [
    `${estimate.grader}  (${estimate.provider}/${estimate.model})`,
    `  ${thousands(estimate.transcripts)} transcripts to grade, ${thousands(estimate.requests)} requests${estimate.cachedRequests > 0 ? ` (+${thousands(estimate.cachedRequests)} answered from the cache, free)` : ''}`,
  ];
  const kept: string[] = [];
  if (estimate.alreadyDone > 0) kept.push(`${thousands(estimate.alreadyDone)} already in the results file`);
  if (estimate.gatedOut > 0) kept.push(`${thousands(estimate.gatedOut)} kept out by the gate${gatedOn === undefined ? '' : ` on ${gatedOn}`}`);
  if (estimate.waitingOnGate > 0) kept.push(`${thousands(estimate.waitingOnGate)} not counted: their gate${gatedOn === undefined ? '' : ` (${gatedOn})`} is an LLM verdict not known yet`);
  if (kept.length > 0) lines.push(`  ${kept.join('; ')}`);
  lines.push(
    `  input   ~${thousands(estimate.inputTokens)} tokens (${thousands(estimate.inputChars)} characters / ${CHARS_PER_TOKEN})`,
    `  output  at most ${thousands(estimate.outputTokensMax)} tokens (${thousands(estimate.requests)} × maxTokens ${thousands(estimate.maxTokens)})`,
    `  cost    live ~${usd(estimate.costLiveUsd)}, batch ~${usd(estimate.costBatchUsd)} (at most: output counted at its upper bound)`,
  );
  return lines;
}

function usd(value: number | null): string {
  if (value === null) return 'unknown (no price for the model; add it under `prices` in the config)';
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}

function thousands(value: number): string {
  return value.toLocaleString('en-US');
}
