import { Command, CommanderError } from 'commander';
import { describeError, isTgradeError } from '../errors.js';
import { agreementCommand } from './commands/agreement.js';
import { annotateCommand } from './commands/annotate.js';
import { auditCommand } from './commands/audit.js';
import { batchCommand } from './commands/batch.js';
import { calibrateCommand } from './commands/calibrate.js';
import { importCommand } from './commands/import.js';
import { labelCommand } from './commands/label.js';
import { mergeCommand } from './commands/merge.js';
import { reportCommand } from './commands/report.js';
import { rubricsCommand } from './commands/rubrics.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { showCommand } from './commands/show.js';
import { exportCommand } from './commands/export.js';
import { trainCommand } from './commands/train.js';
import type { CliIO } from './io.js';
import { processIO } from './io.js';
import { positiveInteger } from './options.js';

/** Builds the program; commands register themselves and return an exit code through `io`. */
function buildProgram(io: CliIO): Command {
  const program = new Command('tgrade')
    .description('Label AI-model transcripts with pluggable graders and measure how far the labels can be trusted.')
    .option('--config <file>', 'config file (default: search tgrade.config.* / package.json#tgrade up to the project root)')
    .option('--plugin <module>', 'extra grader plugin: a path or a package name (repeatable)', collect)
    .option('--rubric <path>', 'extra rubric file or folder (repeatable)', collect)
    .option('--model <provider/model>', 'the LLM graders\' model for this run, e.g. anthropic/claude-sonnet-4-5 or openai-compatible/Qwen/Qwen2.5-7B (split at the first /)')
    .option('--concurrency <n>', 'transcripts graded at once (default: the config\'s, 16)', positiveInteger)
    .option('--debug', 'print stack traces')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
  labelCommand(program, io);
  mergeCommand(program, io);
  rubricsCommand(program, io);
  importCommand(program, io);
  annotateCommand(program, io);
  reportCommand(program, io);
  agreementCommand(program, io);
  calibrateCommand(program, io);
  batchCommand(program, io);
  showCommand(program, io);
  exportCommand(program, io);
  auditCommand(program, io);
  trainCommand(program, io);
  return program;
}

/** Repeatable options: `--plugin a --plugin b` → ['a', 'b'] (variadic options would swallow the command). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return io.exitCode ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr(`tgrade: ${describeError(error)}\n`);
    if (program.opts<{ debug?: boolean }>().debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return isMissingNamedFile(error) ? EXIT.usage : exitCodeOf(error);
  }
}

/** A file named on the command line that does not exist is a usage error (2), like a missing --config. */
function isMissingNamedFile(error: unknown): boolean {
  const codeOf = (value: unknown) => (typeof value === 'object' && value !== null && 'code' in value ? (value as { code: unknown }).code : undefined);
  if (codeOf(error) === 'ENOENT') return true;
  return isTgradeError(error) && error.code === 'E_INPUT_UNREADABLE' && (codeOf(error.cause) === 'ENOENT' || / no such (results )?file\b/.test(error.message));
}
