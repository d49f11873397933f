import type { BatchEntry } from '../batch/batch-state.js';
import { estimateLabelRun } from '../batch/dry-run.js';
import { formatDryRun } from '../batch/format-dry-run.js';
import type { BatchLabelResult, BatchRunEvent } from '../batch/label-in-batches.js';
import { formatProfilePrevalence } from '../calibration/format-prevalence.js';
import type { CorrectedPrevalenceResult } from '../calibration/label-with-profiles.js';
import type { ProfilePrevalence } from '../calibration/profile-prevalence.js';
import type { Setup } from '../config/setup.js';
import { formatLabelSummary } from '../summary/format-summary.js';
import { formatProblem, problemOutcome } from '../transcript/read-transcripts.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

/** Printers shared by several commands: label summaries, batch results, dry-run estimates, corrected prevalence. */
/** The `--json` field: absent rather than empty when no profile was given. */
export function correctedPrevalenceField(correctedPrevalence: ProfilePrevalence[] | undefined): { correctedPrevalence?: ProfilePrevalence[] } {
  return correctedPrevalence === undefined ? {} : { correctedPrevalence };
}

/** The text blocks printed after the label summary, each preceded by a blank line. */
export function correctedPrevalenceText(correctedPrevalence: ProfilePrevalence[] | undefined): string {
  return (correctedPrevalence ?? []).map((prevalence) => `\n\n${formatProfilePrevalence(prevalence)}`).join('');
}

/**
 * The label summary and, once the job is complete, the corrected prevalence of each `--profile`
 * (as `tgrade label` prints them); then what the batch job did (and, when it was stopped, how to resume).
 */
export function printBatchResult(io: CliIO, result: BatchLabelResult & CorrectedPrevalenceResult, options: { json: boolean; input: string; profileFiles: readonly string[] }): void {
  const prevalenceLater = options.profileFiles.length > 0 && result.correctedPrevalence === undefined ? prevalenceAtCollect(result.out, options.profileFiles) : null;
  if (options.json) {
    io.stdout(`${JSON.stringify({ input: options.input, out: result.out, ...result.run, graders: result.summaries, ...correctedPrevalenceField(result.correctedPrevalence), batch: result.batch }, null, 2)}\n`);
    if (prevalenceLater !== null) io.stderr(`tgrade: ${prevalenceLater}\n`);
  } else {
    const { batch } = result;
    const lines = [
      `${formatLabelSummary(result.summaries, result.run)}${correctedPrevalenceText(result.correctedPrevalence)}`,
      '',
      `batches: ${batch.batches} sent, ${batch.requests} requests, ${batch.failedRequests} failed (state: ${batch.stateFile})`,
    ];
    if (batch.pending) lines.push(`stopped with batches still running: resume with \`tgrade batch collect ${result.out}\` (or \`tgrade label --batch\` again)`);
    if (prevalenceLater !== null) lines.push(prevalenceLater);
    lines.push('', `results: ${result.out}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  if (result.batch.pending) io.exitCode = EXIT.failed;
}

/** Why a `--profile` run printed no corrected prevalence, and the command that will. */
function prevalenceAtCollect(out: string, profileFiles: readonly string[]): string {
  const profileArgs = profileFiles.map((file) => ` --profile ${file}`).join('');
  return `corrected prevalence: not yet, the results are incomplete; it is printed once the batches are collected (\`tgrade batch collect ${out}${profileArgs}\`)`;
}

export function describeBatchEvent(event: BatchRunEvent): string | null {
  switch (event.type) {
    case 'pass':
      return null;
    case 'waiting':
      return `waiting for ${event.batches} batch(es) at the provider`;
    case 'round':
      return event.requests === 0 ? null : `round ${event.round + 1}: ${event.requests} request(s) to send as batches`;
    case 'submitted':
      return `sent ${batchLine(event.batch)}`;
    case 'status':
      return `${batchLine(event.batch)}`;
    case 'collected':
      return `collected ${event.batch.id}: ${event.answers} answer(s), ${event.errors} failed request(s)`;
  }
}

export function batchLine(batch: BatchEntry): string {
  const counts = batch.counts === undefined ? '' : ` (${Object.entries(batch.counts).filter(([, count]) => count > 0).map(([name, count]) => `${name} ${count}`).join(', ') || 'no counts yet'})`;
  return `${batch.id}  ${batch.provider}/${batch.model}  ${batch.requests} request(s)  ${batch.providerStatus}${counts}`;
}

/** `tgrade label --dry-run`: estimates only; nothing sent, nothing written. */
export async function printDryRun(io: CliIO, options: { setup: Setup; input: string; out?: string; noCache: boolean; json: boolean }): Promise<void> {
  const report = await estimateLabelRun({
    setup: options.setup,
    input: options.input,
    ...(options.out === undefined ? {} : { out: options.out }),
    noCache: options.noCache,
    onProblem: (problem) => io.stderr(`tgrade: ${formatProblem(problem)}${problemOutcome(problem)}\n`),
  });
  if (options.json) {
    io.stdout(`${JSON.stringify({ dryRun: true, ...report }, null, 2)}\n`);
    return;
  }
  const gates = new Map(options.setup.instances.flatMap((instance) => (instance.gate === undefined ? [] : [[instance.name, instance.gate.grader] as const])));
  io.stdout(`${formatDryRun(report, gates)}\n`);
}
