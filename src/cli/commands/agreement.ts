import { InvalidArgumentError, type Command } from 'commander';
import { agreementJson, agreementReport } from '../../calibration/agreement-report.js';
import { formatAgreementReport } from '../../calibration/format-agreement.js';
import { ratingsOf } from '../../calibration/gold-ratings.js';
import { describeRatingsHistory, readRatingsFile } from '../../calibration/ratings-file.js';
import { describeError, isTgradeError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

interface AgreementOptions {
  json?: boolean;
  resamples: number;
  seed: number;
}

export function agreementCommand(program: Command, io: CliIO): void {
  program
    .command('agreement')
    .description('inter-rater agreement of a ratings file: percent agreement, Krippendorff α, Fleiss κ, Gwet AC1, pairwise Cohen κ, each with a 95% interval, and the items to adjudicate')
    .argument('<ratings>', 'JSONL {item, rater, label} per line, or a wide CSV item,raterA,raterB,… (empty cell = not rated)')
    .option('--json', 'print the report as JSON')
    .option('--resamples <n>', 'bootstrap resamples for the intervals', positiveInteger, 1000)
    .option('--seed <n>', 'bootstrap seed (same seed, same intervals)', integer, 1)
    .action(async (file: string, options: AgreementOptions) =>
      withInputErrorsAsUsage(io, async () => {
        const { ratings, problems, history } = await readRatingsFile(file);
        for (const problem of problems) io.stderr(`tgrade: ${problem.file}:${problem.line}: ${problem.message} (line skipped)\n`);
        const adjudicated = ratings.filter((rating) => rating.adjudicated === true).length;
        if (adjudicated > 0) io.stderr(`tgrade: ${adjudicated} adjudicated rating(s) left out: an adjudication is a decision, not an independent rating\n`);
        const usable = ratingsOf(ratings);
        if (usable.length === 0) {
          io.stderr(`tgrade: ${file}: no usable ratings\n`);
          io.exitCode = EXIT.failed;
          return;
        }
        const report = agreementReport(usable, { resamples: options.resamples, seed: options.seed });
        const replaced = describeRatingsHistory(file, history);
        if (options.json) io.stdout(`${JSON.stringify({ ...agreementJson(report), ratingsHistory: history }, null, 2)}\n`);
        else {
          io.stdout(`${formatAgreementReport(report)}${replaced === null ? '' : `\n\n${replaced}`}\n\nintervals: 95%, percentile bootstrap over items (${options.resamples} resamples, seed ${options.seed}); all-agree share exact (Clopper–Pearson)\n`);
        }
      }),
    );
}

// Option parsers and error mapping shared with `tgrade calibrate`.

export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return parsed;
}

export function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

export function proportion(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) throw new InvalidArgumentError('expected a number in (0, 1]');
  return parsed;
}

/**
 * A gold set, ratings file or profile that fails validation is the user's input to fix: exit 2
 * with the message (main maps only config/rubric/plugin/grader codes to 2 by itself).
 */
export async function withInputErrorsAsUsage(io: CliIO, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isTgradeError(error) || !['E_GOLD_SET_INVALID', 'E_RATINGS_INVALID', 'E_PROFILE_INVALID'].includes(error.code)) throw error;
    io.stderr(`tgrade: ${describeError(error)}\n`);
    io.exitCode = EXIT.usage;
  }
}
