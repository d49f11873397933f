import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { batchJobStatus } from '../../batch/batch-status.js';
import { batchStatePath, loadBatchState, type BatchEntry } from '../../batch/batch-state.js';
import { estimateLabelRun } from '../../batch/dry-run.js';
import { formatDryRun } from '../../batch/format-dry-run.js';
import { labelFileInBatches, type BatchLabelResult, type BatchRunEvent } from '../../batch/label-in-batches.js';
import type { CalibrationProfile } from '../../calibration/calibration-profile.js';
import { loadSetup, type Setup } from '../../config/setup.js';
import { describeError } from '../../errors.js';
import { createBatchProgress } from '../../progress/batch-progress.js';
import { countRecords } from '../../progress/count-records.js';
import { progressMode, type ProgressMode } from '../../progress/progress-reporter.js';
import { formatLabelSummary } from '../../summary/format-summary.js';
import { formatProblem, problemOutcome } from '../../transcript/read-transcripts.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { setupOptionsOf } from '../global-options.js';
import { onInterrupt } from '../interrupt.js';
import { correctedPrevalenceField, correctedPrevalenceText, loadProfilesForRun, PROFILE_OPTION } from '../profile-options.js';

/**
 * `tgrade batch status|collect <results>`: the batch job behind a results file, after the process
 * (or machine) that started it is gone. Also the batch and dry-run helpers `tgrade label` uses.
 */
export function batchCommand(program: Command, io: CliIO): void {
  const command = program.command('batch').description('follow a `tgrade label --batch` job: its batches at the providers, and collecting their answers');

  command
    .command('status')
    .description('show the batch job of a results file: each batch, as the provider reports it now')
    .argument('<results.jsonl>', 'the results file the job writes (its state is <results>.batches.json)')
    .option('--json', 'print as JSON')
    .action(async (results: string, options: { json?: boolean }) => {
      const status = await batchJobStatus(resolve(io.cwd, results), { env: io.env });
      if (status === null) {
        io.stderr(`tgrade: no batch job for ${results} (no ${relative(io.cwd, batchStatePath(resolve(io.cwd, results)))})\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      if (options.json) {
        const { state } = status;
        io.stdout(`${JSON.stringify({ stateFile: status.stateFile, input: state.input, createdAt: state.createdAt, completedAt: state.completedAt ?? null, rounds: state.rounds, batches: status.batches, failedRequests: Object.keys(state.errors).length }, null, 2)}\n`);
        return;
      }
      const { state } = status;
      const lines = [
        `batch job for ${relative(io.cwd, state.input) || state.input}, started ${state.createdAt}${state.completedAt === undefined ? '' : `, finished ${state.completedAt}`}`,
        ...status.batches.map((batch) => `  ${batchLine(batch)}${batch.checkError === undefined ? '' : `  (could not check: ${batch.checkError})`}`),
      ];
      const failed = Object.keys(state.errors).length;
      if (failed > 0) lines.push(`  ${failed} request(s) failed; they are recorded on their verdicts as errors, and a later run retries them`);
      if (state.completedAt === undefined) lines.push('', `next: tgrade batch collect ${results}   (waits for the batches, then writes the verdicts)`);
      io.stdout(`${lines.join('\n')}\n`);
    });

  command
    .command('collect')
    .description('wait for the batches of a results file to end, then write their verdicts (resubmitting follow-up questions if any)')
    .argument('<results.jsonl>', 'the results file the job writes')
    .option('--json', 'print the summary as JSON')
    .option(PROFILE_OPTION.flags, `${PROFILE_OPTION.description}; printed once every batch is collected`, PROFILE_OPTION.collect)
    .option('--quiet', 'no progress output')
    .action(async (results: string, options: { json?: boolean; profile?: string[]; quiet?: boolean }, sub: Command) => {
      const out = resolve(io.cwd, results);
      const state = await loadBatchState(batchStatePath(out));
      if (state === null) {
        io.stderr(`tgrade: no batch job for ${results}; start one with \`tgrade label --batch <rollouts.jsonl> --out ${results}\`\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      if (state.completedAt !== undefined) {
        io.stdout(`nothing to collect: the batch job finished at ${state.completedAt}\n`);
        return;
      }
      const setup = await loadSetup(setupOptionsOf(sub, io.cwd, state.graders));
      const profileFiles = options.profile ?? [];
      const profiles = await loadProfilesForRun(io, profileFiles, setup);
      if (profiles === null) return;
      const result = await runBatchLabel(io, {
        setup,
        input: state.input,
        out,
        ...(state.graders === undefined ? {} : { graders: state.graders }),
        ...(profiles.length === 0 ? {} : { profiles }),
        progress: progressMode({ isTTY: io.isTTY, json: options.json === true, quiet: options.quiet === true }),
      });
      printBatchResult(io, result, { json: options.json === true, input: state.input, profileFiles });
    });
}

export interface BatchRunOptions {
  setup: Setup;
  input: string;
  out?: string;
  graders?: readonly string[];
  profiles?: readonly CalibrationProfile[];
  progress: ProgressMode;
  /** Between plain progress lines; default 10 s. */
  progressIntervalMs?: number;
}

/**
 * `tgrade label --batch` and `tgrade batch collect`: the job, with its progress on stderr: on a
 * terminal a bar per pass and one while the providers work, with the job's events above it;
 * elsewhere the events and periodic lines.
 */
export async function runBatchLabel(io: CliIO, options: BatchRunOptions): Promise<BatchLabelResult> {
  const total = options.progress === 'none' ? null : await countRecords(resolve(io.cwd, options.input)).catch(() => null);
  const progress = createBatchProgress(options.progress, total, {
    write: (text) => io.stderr(text),
    ...(options.progressIntervalMs === undefined ? {} : { intervalMs: options.progressIntervalMs }),
  });
  const say = (text: string) => progress.log(text);
  const interrupt = onInterrupt(() => say('tgrade: stopping; batches already sent keep running at the provider and the job resumes where it stopped\n'));
  try {
    return await labelFileInBatches({
      setup: options.setup,
      input: options.input,
      ...(options.out === undefined ? {} : { out: options.out }),
      ...(options.graders === undefined ? {} : { graders: options.graders }),
      ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
      env: io.env,
      signal: interrupt.signal,
      hooks: { onRetry: (retry) => say(`tgrade: ${retry.provider} batch API: ${describeError(retry.error)}; retry ${retry.attempt} in ${Math.round(retry.delayMs / 100) / 10}s\n`) },
      onBatchEvent: (event, batches) => {
        if (event.type === 'pass') progress.passStarted();
        if (event.type === 'round') progress.passEnded();
        // On a terminal the bar shows what each poll found; elsewhere each change is a line.
        const line = options.progress === 'none' || (options.progress === 'bar' && event.type === 'status') ? null : describeBatchEvent(event);
        if (line !== null) say(`tgrade: ${line}\n`);
        progress.batches(batches);
      },
      onProblem: (problem) => {
        progress.lineDone();
        say(`tgrade: ${formatProblem(problem)}${problemOutcome(problem)}\n`);
      },
      onRepair: (repair) => say(`tgrade: ${repair.file}:${repair.line}: ${repair.message}\n`),
      onRecord: (event) => progress.verdict({ error: event.verdict.status === 'error', usage: event.usage }),
      onTranscriptDone: () => progress.lineDone(),
      log: (message) => say(`${message}\n`),
    });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

/**
 * The label summary and, once the job is complete, the corrected prevalence of each `--profile`
 * (as `tgrade label` prints them); then what the batch job did (and, when it was stopped, how to resume).
 */
export function printBatchResult(io: CliIO, result: BatchLabelResult, options: { json: boolean; input: string; profileFiles: readonly string[] }): void {
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

function batchLine(batch: BatchEntry): string {
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
