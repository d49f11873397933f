import { InvalidArgumentError, type Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { agreementJson, agreementReport, type AgreementReport } from '../../calibration/agreement-report.js';
import { formatAgreementReport } from '../../calibration/format-agreement.js';
import { BOOTSTRAP_RULE_SENTENCE } from '../../calibration/reported-statistic.js';
import { readGoldReferenceRatings, referenceAgreementOf } from '../../calibration/gold-reference-ratings.js';
import { ratingsOf } from '../../gold/gold-ratings.js';
import { loadGoldSetSpec } from '../../gold/gold-set.js';
import { describeRatingsHistory, readRatingsFile, type RatingsHistory } from '../../gold/ratings-file.js';
import { loadSetup } from '../../config/setup.js';
import { TgradeError } from '../../errors.js';
import { labelNames } from '../../rubric/schema.js';
import { setupOptionsOf } from '../global-options.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { integer, positiveInteger, withInputErrorsAsUsage } from '../options.js';

interface AgreementOptions {
  json?: boolean;
  labels?: string[];
  resamples: number;
  seed: number;
}

export function agreementCommand(program: Command, io: CliIO): void {
  program
    .command('agreement')
    .description('inter-rater agreement of a ratings file: percent agreement, Krippendorff α, Fleiss κ, Gwet AC1, pairwise Cohen κ, each with a 95% interval, and the items to adjudicate')
    .argument('<ratings>', 'JSONL {item, rater, label} per line, a wide CSV item,raterA,raterB,… (empty cell = not rated), or a gold-set folder (its human and illustrative raters, its labels: the figures calibrate prints)')
    .option('--labels <a,b,c>', "the possible labels (default: the labels seen in the ratings; a gold-set folder uses gold.yaml's, else its rubric's). AC1 counts them, so declare the full set", labelList)
    .option('--json', 'print the report as JSON; a figure with no interval is {value: null, reason, pointEstimate?}: read pointEstimate for the estimate itself')
    .option('--resamples <n>', 'bootstrap resamples for the intervals', positiveInteger, 1000)
    .option('--seed <n>', 'bootstrap seed (same seed, same intervals)', integer, 1)
    .action(async (file: string, options: AgreementOptions, command: Command) =>
      withInputErrorsAsUsage(io, async () => {
        const bootstrap = { resamples: options.resamples, seed: options.seed };
        let read: { report: AgreementReport; history?: RatingsHistory } | null;
        if (isDirectory(resolve(io.cwd, file))) {
          if (options.labels !== undefined) throw new TgradeError('E_GOLD_SET_INVALID', `${file}: a gold-set folder declares its labels in gold.yaml (\`labels:\`); --labels applies to a ratings file`);
          read = { report: await goldFolderReport(resolve(io.cwd, file), command, io, bootstrap) };
        } else {
          read = await ratingsFileReport(file, options.labels, io, bootstrap);
        }
        if (read === null) return;
        const { report, history } = read;
        // A gold folder's relabellings are among its warnings (stderr); a ratings file's are part of the report.
        const replaced = history === undefined ? null : describeRatingsHistory(file, history);
        if (options.json) io.stdout(`${JSON.stringify({ ...agreementJson(report), ...(history === undefined ? {} : { ratingsHistory: history }) }, null, 2)}\n`);
        else {
          io.stdout(`${formatAgreementReport(report)}${replaced === null ? '' : `\n\n${replaced}`}\n\nintervals: 95%, percentile bootstrap over items (${options.resamples} resamples, seed ${options.seed}); all-agree share exact (Clopper–Pearson); ${BOOTSTRAP_RULE_SENTENCE}\n`);
        }
      }),
    );
}

async function ratingsFileReport(file: string, labels: string[] | undefined, io: CliIO, bootstrap: { resamples: number; seed: number }): Promise<{ report: AgreementReport; history: RatingsHistory } | null> {
  const { ratings, problems, history } = await readRatingsFile(file);
  for (const problem of problems) io.stderr(`tgrade: ${problem.file}:${problem.line}: ${problem.message} (line skipped)\n`);
  const adjudicated = ratings.filter((rating) => rating.adjudicated === true).length;
  if (adjudicated > 0) io.stderr(`tgrade: ${adjudicated} adjudicated rating(s) left out: an adjudication is a decision, not an independent rating\n`);
  const usable = ratingsOf(ratings);
  if (usable.length === 0) {
    io.stderr(`tgrade: ${file}: no usable ratings\n`);
    io.exitCode = EXIT.failed;
    return null;
  }
  return { report: agreementReport(usable, { ...bootstrap, ...(labels === undefined ? {} : { labels }) }), history };
}

/** The reference raters of a gold set, by the rule calibrate uses (the rubric's labels when it is known). */
async function goldFolderReport(folder: string, command: Command, io: CliIO, bootstrap: { resamples: number; seed: number }): Promise<AgreementReport> {
  const setup = await loadSetup(setupOptionsOf(command, io.cwd));
  const { spec } = await loadGoldSetSpec(folder);
  const rubric = setup.rubrics.get(spec.rubric);
  if (rubric === undefined && spec.labels === undefined) {
    io.stderr(`tgrade: rubric "${spec.rubric}" is not known and gold.yaml declares no labels: the labels seen in the ratings are used (add --rubric, or labels: to gold.yaml)\n`);
  }
  const reference = await readGoldReferenceRatings(folder, rubric === undefined ? undefined : labelNames(rubric));
  for (const warning of reference.warnings) io.stderr(`tgrade: ${warning}\n`);
  return referenceAgreementOf(reference, bootstrap);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function labelList(value: string): string[] {
  const labels = value.split(',').map((label) => label.trim()).filter(Boolean);
  if (labels.length < 2 || new Set(labels).size !== labels.length) throw new InvalidArgumentError('expected two or more different labels, comma-separated');
  return labels;
}
