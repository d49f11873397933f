import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadSetup } from '../../config/setup.js';
import { buildReportModel } from '../../report/report-model.js';
import { renderReportHtml } from '../../report/render-html.js';
import { renderReportMarkdown } from '../../report/render-markdown.js';
import type { CliIO } from '../io.js';
import { setupOptionsOf } from '../global-options.js';

interface ReportCommandOptions {
  gold?: string;
  audit?: string;
  profile?: string[];
  transcripts?: string[];
  out?: string;
  format?: 'html' | 'md';
  maxFlagged: number;
  resamples: number;
  seed: number;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function wholeNumberFrom(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) throw new InvalidArgumentError(`a whole number ≥ ${min}`);
    return number;
  };
}

/** `<input>.report.html` (or .md) beside the results file. */
function defaultReportPath(results: string, format: 'html' | 'md'): string {
  return join(dirname(resolve(results)), `${basename(results).replace(/\.jsonl?$/i, '')}.report.${format}`);
}

export function reportCommand(program: Command, io: CliIO): void {
  program
    .command('report')
    .description('write one self-contained report (HTML, no network needed; or Markdown for a paper) of a results file: label counts, corrected prevalence, calibration plots, flagged items')
    .argument('<results.jsonl>', 'a results file written by tgrade label or calibrate')
    .option('--gold <folder>', 'a gold set: measure the graders against its consensus (metrics, confusion heatmaps, ROC) and flag disagreements')
    .option('--audit <folder>', 'an audit folder (tgrade audit plan, rated): add the audit estimates, a forest plot of their intervals and the strata table')
    .option('--profile <file>', 'a calibration profile (tgrade calibrate): add the prevalence corrected for the grader’s measured error (repeatable)', collect)
    .option('--transcripts <file>', 'a transcripts file to show flagged items from, when the results’ source files are elsewhere (repeatable)', collect)
    .option('-o, --out <file>', 'where to write (default: <results>.report.html or .md beside the results file)')
    .addOption(new Option('--format <format>', 'html or md (default: from --out’s extension, else html)').choices(['html', 'md']))
    .option('--max-flagged <n>', 'show at most this many flagged items', wholeNumberFrom(0), 100)
    .option('--resamples <n>', 'bootstrap resamples for the intervals', wholeNumberFrom(1), 1000)
    .option('--seed <n>', 'bootstrap seed', wholeNumberFrom(0), 1)
    .action(async (results: string, options: ReportCommandOptions, command: Command) => {
      const format = options.format ?? (options.out?.toLowerCase().endsWith('.md') ? 'md' : 'html');
      const setup = await loadSetup(setupOptionsOf(command, io.cwd));
      const model = await buildReportModel({
        results,
        rubrics: setup.rubrics,
        instances: setup.instances,
        baseDir: setup.baseDir,
        cwd: io.cwd,
        maxFlagged: options.maxFlagged,
        resamples: options.resamples,
        seed: options.seed,
        ...(options.gold === undefined ? {} : { gold: options.gold }),
        ...(options.audit === undefined ? {} : { audit: options.audit }),
        ...(options.profile === undefined ? {} : { profiles: options.profile }),
        ...(options.transcripts === undefined ? {} : { transcripts: options.transcripts }),
      });
      const out = options.out === undefined ? defaultReportPath(resolve(io.cwd, results), format) : resolve(io.cwd, options.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, format === 'md' ? renderReportMarkdown(model) : renderReportHtml(model));
      for (const warning of model.warnings) io.stderr(`tgrade: ${warning}\n`);
      io.stdout(`report: ${out}\n${model.summaries.length} grader(s), ${model.flaggedTotal} flagged item(s)${model.calibration === null ? '' : `, calibrated against ${model.calibration.folder}`}\n`);
    });
}
