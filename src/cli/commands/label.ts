import type { Command } from 'commander';
import { graderSourceNote, loadSetup } from '../../config/setup.js';
import { labelFileWithProfiles } from '../../calibration/label-with-profiles.js';
import { formatLabelSummary } from '../../summary/format-summary.js';
import { formatProblem, problemOutcome } from '../../transcript/read-transcripts.js';
import { EXIT } from '../exit-codes.js';
import { positiveInteger, positiveIntegerOrAuto } from '../options.js';
import type { CliIO } from '../io.js';
import { cliLlmFactory } from '../llm-factory.js';
import { setupOptionsOf } from '../global-options.js';
import { onInterrupt } from '../interrupt.js';
import { loadProfilesForRun, PROFILE_OPTION } from '../options.js';
import { correctedPrevalenceField, correctedPrevalenceText, printBatchResult, printDryRun } from '../output.js';
import { progressMode } from '../progress/progress-reporter.js';
import { startLabelProgress } from '../progress/label-progress.js';
import { runBatchLabel } from './batch.js';
import { formatShard, resolveShard } from '../../shard/shard-spec.js';

interface LabelOptions {
  out?: string;
  cache?: boolean;
  json?: boolean;
  graders?: string;
  profile?: string[];
  batch?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
  progressInterval?: string;
  limit?: number;
  jobs: number | 'auto';
  shard?: string;
}

export function labelCommand(program: Command, io: CliIO): void {
  program
    .command('label')
    .description('grade a JSONL file of transcripts into an append-only results file and summarize the labels')
    .argument('<rollouts.jsonl>', 'transcripts: JSONL (one a line: {id, messages} or {id, text}), an Inspect log (.eval / .json), or a folder of Inspect logs')
    .option('-o, --out <file>', 'results file (default: <input>.results.jsonl beside the input); rerunning appends only what is missing')
    .option('--limit <n>', 'grade only the first n transcripts (a trial run)', positiveInteger)
    .option('--jobs <n|auto>', 'worker threads for the offline (CPU-bound) graders; the records are the same as with 1 (auto: one per 16 MB of a JSONL input, at most one per core)', positiveIntegerOrAuto, 'auto' as const)
    .option('--shard <i/n>', 'grade only shard i of n (a share by a hash of the transcript id; default results file <input>.shard-i-of-n.results.jsonl); auto: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, auto/n: the same with n shards (else TGRADE_SHARDS); join shards with tgrade merge')
    .option('--graders <names>', 'comma-separated grader names to run (default: all configured)')
    .option('--json', 'print the summary as JSON')
    .option('--no-cache', 'do not read or write the LLM response cache')
    .option(PROFILE_OPTION.flags, PROFILE_OPTION.description, PROFILE_OPTION.collect)
    .option('--batch', 'send LLM requests through the Anthropic / OpenAI batch APIs (50% cheaper, up to 24 h); resumable (see `tgrade batch`)')
    .option('--dry-run', 'print per LLM grader the requests, estimated tokens and cost (live and batch) without sending or writing anything')
    .option('--quiet', 'no progress output')
    .option('--progress-interval <seconds>', 'seconds between progress lines when not on a terminal (default 10)')
    .action(async (input: string, options: LabelOptions, command: Command) => {
      const shard = options.shard === undefined ? undefined : resolveShard(options.shard, io.env);
      if (shard !== undefined && (options.batch === true || options.dryRun === true)) {
        io.stderr(`tgrade: --shard runs the offline pass of one shard; it does not combine with ${options.batch === true ? '--batch' : '--dry-run'} yet\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      const only = options.graders?.split(',').map((name) => name.trim()).filter(Boolean);
      const setup = await loadSetup(setupOptionsOf(command, io.cwd, only));
      const profileFiles = options.profile ?? [];
      const profiles = await loadProfilesForRun(io, profileFiles, setup);
      if (profiles === null) return;
      const intervalSeconds = options.progressInterval === undefined ? 10 : Number(options.progressInterval);
      if (!(intervalSeconds > 0)) {
        io.stderr(`tgrade: --progress-interval expects a positive number of seconds, got "${options.progressInterval}"\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      const mode = progressMode({ isTTY: io.isTTY, json: options.json === true, quiet: options.quiet === true });
      if (options.dryRun) {
        await printDryRun(io, { setup, input, ...(options.out === undefined ? {} : { out: options.out }), noCache: options.cache === false, json: options.json === true });
        return;
      }
      if (options.batch) {
        if (options.cache === false) {
          io.stderr('tgrade: --batch needs the response cache (its answers land there); drop --no-cache\n');
          io.exitCode = EXIT.usage;
          return;
        }
        const result = await runBatchLabel(io, {
          setup,
          input,
          ...(options.out === undefined ? {} : { out: options.out }),
          ...(only === undefined ? {} : { graders: only }),
          ...(profiles.length === 0 ? {} : { profiles }),
          progress: mode,
          progressIntervalMs: intervalSeconds * 1000,
        });
        printBatchResult(io, result, { json: options.json === true, input, profileFiles });
        return;
      }
      const progress = await startLabelProgress(mode, input, {
        write: (text) => io.stderr(text),
        intervalMs: intervalSeconds * 1000,
        wholeInput: shard === undefined,
      });
      const say = (text: string) => progress.log(text);
      const interrupt = onInterrupt(() => say('tgrade: stopping after the verdicts in flight (Ctrl-C again to quit at once)\n'));
      try {
        const result = await labelFileWithProfiles({
          setup,
          input,
          ...(options.out === undefined ? {} : { out: options.out }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          jobs: options.jobs,
          ...(shard === undefined ? {} : { shard }),
          ...(profiles.length === 0 ? {} : { profiles }),
          signal: interrupt.signal,
          llmFor: cliLlmFactory(setup, io, { signal: interrupt.signal, noCache: options.cache === false, say }),
          onProblem: (problem) => {
            progress.lineDone();
            say(`tgrade: ${formatProblem(problem)}${problemOutcome(problem)}\n`);
          },
          onRepair: (repair) => say(`tgrade: ${repair.file}:${repair.line}: ${repair.message}\n`),
          log: (message) => say(`${message}\n`),
          onRecord: (event) => progress.verdict({ error: event.record.status === 'error', usage: event.record.usage }),
          onTranscriptDone: () => progress.lineDone(),
        });
        progress.stop();
        if (options.json) {
          io.stdout(`${JSON.stringify({ input, out: result.out, ...(shard === undefined ? {} : { shard: formatShard(shard) }), ...result.run, graders: result.summaries, ...correctedPrevalenceField(result.correctedPrevalence) }, null, 2)}\n`);
        } else {
          const note = graderSourceNote(setup);
          io.stdout(`${note === null ? '' : `${note}\n`}${formatLabelSummary(result.summaries, result.run)}${correctedPrevalenceText(result.correctedPrevalence)}\n\nresults: ${result.out}${shard === undefined ? '' : ` (shard ${formatShard(shard)})`}\n`);
        }
        const labelledAny = result.summaries.some((summary) => summary.labelled + summary.abstained > 0);
        if (!labelledAny) {
          io.stderr('tgrade: nothing could be graded\n');
          io.exitCode = EXIT.failed;
        }
      } finally {
        progress.stop();
        interrupt.dispose();
      }
    });
}
