import { formatProblem, problemOutcome } from '../../transcript/read-transcripts.js';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { calibrateGoldSet } from '../../calibration/calibrate-gold-set.js';
import { formatCalibrationReport } from '../../calibration/format-calibration.js';
import { loadSetup } from '../../config/setup.js';
import { EXIT } from '../exit-codes.js';
import { setupOptionsOf } from '../global-options.js';
import { onInterrupt } from '../interrupt.js';
import type { CliIO } from '../io.js';
import { cliLlmFactory } from '../llm-factory.js';
import { integer, positiveInteger, proportion, withInputErrorsAsUsage } from '../options.js';

interface CalibrateOptions {
  graders?: string;
  json?: boolean;
  resamples: number;
  seed: number;
  targetPrecision?: number;
  profilesDir: string;
  profiles: boolean;
  out?: string;
  cache?: boolean;
}

export function calibrateCommand(program: Command, io: CliIO): void {
  program
    .command('calibrate')
    .description("run the graders on a gold set, measure them against the raters' consensus (with 95% intervals) and write a calibration profile per grader")
    .argument('<gold-folder>', 'folder with transcripts.jsonl, ratings.jsonl and gold.yaml')
    .option('--graders <names>', 'comma-separated grader names (default: every configured grader of the gold set\'s rubric)')
    .option('--json', 'print the report as JSON; a figure with no interval is {value: null, reason, pointEstimate?}: read pointEstimate for the estimate itself')
    .option('--resamples <n>', 'bootstrap resamples for the intervals', positiveInteger, 1000)
    .option('--seed <n>', 'bootstrap seed (same seed, same intervals)', integer, 1)
    .option('--target-precision <p>', 'choose the lowest score threshold reaching this precision instead of the one maximizing κ', proportion)
    .option('--profiles-dir <dir>', 'where calibration profiles are written', 'calibration/profiles')
    .option('--no-profiles', 'write no calibration profile')
    .option('-o, --out <file>', 'results file (default: <gold-folder>/results.jsonl); finished verdicts are reused')
    .option('--no-cache', 'do not read or write the LLM response cache')
    .action(async (folder: string, options: CalibrateOptions, command: Command) =>
      withInputErrorsAsUsage(io, async () => {
        const only = options.graders?.split(',').map((name) => name.trim()).filter(Boolean);
        const setup = await loadSetup(setupOptionsOf(command, io.cwd, only));
        const interrupt = onInterrupt(() => io.stderr('tgrade: stopping after the verdicts in flight (Ctrl-C again to quit at once)\n'));
        try {
          const report = await calibrateGoldSet({
            folder,
            setup,
            profilesDir: options.profiles ? resolve(io.cwd, options.profilesDir) : false,
            resamples: options.resamples,
            seed: options.seed,
            ...(options.targetPrecision === undefined ? {} : { targetPrecision: options.targetPrecision }),
            ...(options.out === undefined ? {} : { resultsFile: resolve(io.cwd, options.out) }),
            signal: interrupt.signal,
            llmFor: cliLlmFactory(setup, io, { signal: interrupt.signal, noCache: options.cache === false }),
            onProblem: (problem) => io.stderr(`tgrade: ${formatProblem(problem)}${problemOutcome(problem)}\n`),
            onRepair: (repair) => io.stderr(`tgrade: ${repair.file}:${repair.line}: ${repair.message}\n`),
            log: (message) => io.stderr(`${message}\n`),
          });
          io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCalibrationReport(report)}\n`);
          if (!report.graders.some((grader) => grader.kind === 'grader')) {
            io.stderr('tgrade: no grader could be run on the gold set\n');
            io.exitCode = EXIT.failed;
          }
        } finally {
          interrupt.dispose();
        }
      }),
    );
}
