import type { Command } from 'commander';
import { agreementJson, agreementReport } from '../../calibration/agreement-report.js';
import { formatAgreementReport } from '../../calibration/format-agreement.js';
import { ratingsOf } from '../../gold/gold-ratings.js';
import { describeRatingsHistory, readRatingsFile } from '../../gold/ratings-file.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { integer, positiveInteger, withInputErrorsAsUsage } from '../options.js';

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
