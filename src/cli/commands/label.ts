import type { Command } from 'commander';
import { loadSetup } from '../../config/setup.js';
import { describeError } from '../../errors.js';
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
    .action(async (input: string, options: LabelOptions, command: Command) => {
      const only = options.graders?.split(',').map((name) => name.trim()).filter(Boolean);
      const setup = await loadSetup(setupOptionsOf(command, io.cwd, only));
      const interrupt = onInterrupt(() => io.stderr('tgrade: stopping after the verdicts in flight (Ctrl-C again to quit at once)\n'));
      try {
        const result = await labelFile({
          setup,
          input,
          ...(options.out === undefined ? {} : { out: options.out }),
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
          io.stdout(`${JSON.stringify({ input, out: result.out, ...result.run, graders: result.summaries }, null, 2)}\n`);
        } else {
          io.stdout(`${formatLabelSummary(result.summaries, result.run)}\n\nresults: ${result.out}\n`);
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
