import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { batchJobStatus } from '../../batch/batch-status.js';
import { batchStatePath, loadBatchState } from '../../batch/batch-state.js';
import type { BatchLabelResult } from '../../batch/label-in-batches.js';
import { labelFileInBatchesWithProfiles, type CorrectedPrevalenceResult } from '../../calibration/label-with-profiles.js';
import type { CalibrationProfile } from '../../calibration/calibration-profile.js';
import { loadSetup, type Setup } from '../../config/setup.js';
import { describeError } from '../../errors.js';
import { createBatchProgress } from '../progress/batch-progress.js';
import { countRecords } from '../progress/count-records.js';
import { progressMode, type ProgressMode } from '../progress/progress-reporter.js';
import { formatProblem, problemOutcome } from '../../transcript/read-transcripts.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { setupOptionsOf } from '../global-options.js';
import { onInterrupt } from '../interrupt.js';
import { loadProfilesForRun, PROFILE_OPTION } from '../options.js';
import { batchLine, describeBatchEvent, printBatchResult } from '../output.js';

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
export async function runBatchLabel(io: CliIO, options: BatchRunOptions): Promise<BatchLabelResult & CorrectedPrevalenceResult> {
  const total = options.progress === 'none' ? null : await countRecords(resolve(io.cwd, options.input)).catch(() => null);
  const progress = createBatchProgress(options.progress, total, {
    write: (text) => io.stderr(text),
    ...(options.progressIntervalMs === undefined ? {} : { intervalMs: options.progressIntervalMs }),
  });
  const say = (text: string) => progress.log(text);
  const interrupt = onInterrupt(() => say('tgrade: stopping; batches already sent keep running at the provider and the job resumes where it stopped\n'));
  try {
    return await labelFileInBatchesWithProfiles({
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
      onRecord: (event) => progress.verdict({ error: event.record.status === 'error', usage: event.record.usage }),
      onTranscriptDone: () => progress.lineDone(),
      log: (message) => say(`${message}\n`),
    });
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}
