import type { Command } from 'commander';
import { loadSetup } from '../../config/setup.js';
import { loadProfile } from '../../calibration/calibration-profile.js';
import { formatProfilePrevalence } from '../../calibration/format-prevalence.js';
import { checkProfiles } from '../../calibration/run-prevalence.js';
import { describeError, isTgradeError } from '../../errors.js';
import { labelFile } from '../../label.js';
import { createLlmFactory } from '../../llm/llm-for-instance.js';
import { formatLabelSummary } from '../../summary/format-summary.js';
import { formatProblem } from '../../transcript/read-transcripts.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { setupOptionsOf } from '../global-options.js';
import { onInterrupt } from '../interrupt.js';

interface LabelOptions {
  out?: string;
  cache?: boolean;
  json?: boolean;
  graders?: string;
  profile?: string[];
}

export function labelCommand(program: Command, io: CliIO): void {
  program
    .command('label')
    .description('grade a JSONL file of transcripts into an append-only results file and summarize the labels')
    .argument('<rollouts.jsonl>', 'one transcript per line: {id, messages} or {id, text}')
    .option('--out <file>', 'results file (default: <input>.results.jsonl beside the input); rerunning appends only what is missing')
    .option('--graders <names>', 'comma-separated grader names to run (default: all configured)')
    .option('--json', 'print the summary as JSON')
    .option('--no-cache', 'do not read or write the LLM response cache')
    .option('--profile <file>', 'calibration profile (from `tgrade calibrate`): add the prevalence corrected for its grader\'s measured error (repeatable)', (file: string, previous: string[] = []) => [...previous, file])
    .action(async (input: string, options: LabelOptions, command: Command) => {
      const only = options.graders?.split(',').map((name) => name.trim()).filter(Boolean);
      const setup = await loadSetup(setupOptionsOf(command, io.cwd, only));
      let profiles;
      try {
        profiles = await Promise.all((options.profile ?? []).map((file) => loadProfile(file)));
        checkProfiles(profiles, setup);
      } catch (error) {
        if (!isTgradeError(error, 'E_PROFILE_INVALID')) throw error;
        io.stderr(`tgrade: ${describeError(error)}\n`);
        io.exitCode = EXIT.usage;
        return;
      }
      const interrupt = onInterrupt(() => io.stderr('tgrade: stopping after the verdicts in flight (Ctrl-C again to quit at once)\n'));
      try {
        const result = await labelFile({
          setup,
          input,
          ...(options.out === undefined ? {} : { out: options.out }),
          ...(profiles.length === 0 ? {} : { profiles }),
          signal: interrupt.signal,
          llmFor: createLlmFactory({
            config: setup.config,
            baseDir: setup.baseDir,
            env: io.env,
            noCache: options.cache === false,
            hooks: {
              signal: interrupt.signal,
              onRetry: (retry) => io.stderr(`tgrade: ${retry.provider}/${retry.model}: ${describeError(retry.error)}; retry ${retry.attempt} in ${Math.round(retry.delayMs / 100) / 10}s\n`),
            },
          }),
          onProblem: (problem) => io.stderr(`tgrade: ${formatProblem(problem)} (line skipped)\n`),
          onRepair: (repair) => io.stderr(`tgrade: ${repair.file}:${repair.line}: ${repair.message}\n`),
          log: (message) => io.stderr(`${message}\n`),
        });
        if (options.json) {
          const corrected = result.correctedPrevalence === undefined ? {} : { correctedPrevalence: result.correctedPrevalence };
          io.stdout(`${JSON.stringify({ input, out: result.out, ...result.run, graders: result.summaries, ...corrected }, null, 2)}\n`);
        } else {
          const corrected = (result.correctedPrevalence ?? []).map((prevalence) => `\n\n${formatProfilePrevalence(prevalence)}`).join('');
          io.stdout(`${formatLabelSummary(result.summaries, result.run)}${corrected}\n\nresults: ${result.out}\n`);
        }
        const labelledAny = result.summaries.some((summary) => summary.labelled + summary.abstained > 0);
        if (!labelledAny) {
          io.stderr('tgrade: nothing could be graded\n');
          io.exitCode = EXIT.failed;
        }
      } finally {
        interrupt.dispose();
      }
    });
}
