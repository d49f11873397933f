import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AuditDesignSchema, type AuditDesign } from '../../gold/audit-block.js';
import { estimateAudit } from '../../audit/estimate.js';
import { auditEstimateJson, formatAuditEstimate } from '../../audit/format-estimate.js';
import { writeAuditPlan } from '../../audit/plan.js';
import { PREDICTION_DEFINITION } from '../../audit/population.js';
import { readFinalResults } from '../../calibration/final-results.js';
import { escapeControls } from '../../quote-input.js';
import { loadSetup } from '../../config/setup.js';
import { TgradeError } from '../../errors.js';
import { setupOptionsOf } from '../global-options.js';
import type { CliIO } from '../io.js';
import { integer, positiveInteger, withInputErrorsAsUsage } from '../options.js';

interface PlanOptions {
  grader: string;
  budget: number;
  out: string;
  design: AuditDesign;
  seed: number;
  transcripts?: string;
  expectedMissRate?: number;
}

export function auditCommand(program: Command, io: CliIO): void {
  const audit = program.command('audit').description('count a rare behaviour honestly: plan a human audit of a results file, then estimate each label’s prevalence and count from it');
  audit
    .command('plan')
    .description(`draw the transcripts people will label and write a gold-set folder (transcripts.jsonl, gold.yaml with an audit: block, sample.jsonl). ${PREDICTION_DEFINITION}`)
    .argument('<results.jsonl>', 'the results file with the grader’s verdicts on the whole population')
    .option('--rubric <id>', 'the rubric the grader labels (default: the one on its records); also the global --rubric <file> when it names a file')
    .requiredOption('--grader <name>', 'the grader whose verdicts define the strata')
    .requiredOption('--budget <n>', 'how many transcripts people will label', positiveInteger)
    .requiredOption('--out <folder>', 'the gold-set folder to write (never overwritten)')
    .addOption(new Option('--design <design>', 'stratified: by the grader’s label and confidence, Neyman allocation, flagged audited in full when they fit in half the budget; random: a simple random sample; active: probabilities from the grader’s uncertainty').choices(AuditDesignSchema.options).default('stratified'))
    .option('--seed <n>', 'same seed, same sample', integer, 1)
    .option('--transcripts <file>', 'the population’s transcripts (default: every transcript in the results file, read from the files its records name)')
    .option('--expected-miss-rate <p>', 'the positive rate assumed among the unflagged when allocating (default: a tenth of the flag rate); it moves the allocation, never the validity of the estimates', rate)
    .action(async (results: string, options: PlanOptions, command: Command) =>
      withInputErrorsAsUsage(io, async () => {
        const { rubricIds, rubricFiles } = splitRubricOption(command, io.cwd);
        const setup = await loadSetup({ ...setupOptionsOf(command, io.cwd), rubrics: rubricFiles });
        const resultsFile = resolve(io.cwd, results);
        const id = rubricIds[0] ?? (await rubricOfGrader(resultsFile, options.grader));
        const rubric = setup.rubrics.get(id);
        if (rubric === undefined) throw new TgradeError('E_AUDIT_INVALID', `rubric "${id}" is not known (known: ${[...setup.rubrics.keys()].join(', ')}); add its file with --rubric <file>`);
        const plan = await writeAuditPlan({
          results: resultsFile,
          grader: options.grader,
          rubric,
          budget: options.budget,
          out: resolve(io.cwd, options.out),
          design: options.design,
          seed: options.seed,
          ...(options.transcripts === undefined ? {} : { transcripts: resolve(io.cwd, options.transcripts) }),
          ...(options.expectedMissRate === undefined ? {} : { expectedMissRate: options.expectedMissRate }),
        });
        io.stdout(`audit plan: ${plan.folder}\n${plan.sample.length} of ${plan.population} transcripts drawn (${plan.block.design} design, seed ${plan.block.seed})\n`);
        for (const stratum of plan.strata) io.stdout(`  ${escapeControls(stratum.name).padEnd(28)} ${String(stratum.size).padStart(7)} items  ${String(stratum.sample).padStart(5)} drawn${stratum.census ? ' (all)' : ''}\n`);
        io.stdout(`next: add yourself to raters in gold.yaml (kind: human), label with \`tgrade annotate ${options.out}\`, then \`tgrade audit estimate ${options.out}\`\n`);
      }),
    );
  audit
    .command('estimate')
    .description('estimate every label’s prevalence and count in the population from an audit folder, by classical, ppi++ and stratified estimators, and name the one to quote')
    .argument('<folder>', 'a folder written by tgrade audit plan, with ratings.jsonl')
    .option('--label <label>', 'only this label')
    .option('--alpha <a>', 'error level of the intervals', rate, 0.05)
    .option('--json', 'print JSON')
    .action(async (folder: string, options: { label?: string; alpha: number; json?: boolean }) =>
      withInputErrorsAsUsage(io, async () => {
        const estimate = await estimateAudit({ folder: resolve(io.cwd, folder), alpha: options.alpha, ...(options.label === undefined ? {} : { label: options.label }) });
        io.stdout(options.json ? `${JSON.stringify(auditEstimateJson(estimate), null, 2)}\n` : `${formatAuditEstimate(estimate)}\n`);
      }),
    );
}

function rate(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 1)) throw new InvalidArgumentError('expected a number in (0, 1)');
  return parsed;
}

/**
 * The program's global `--rubric` (extra rubric files) swallows `audit plan --rubric <id>`; so a
 * value naming an existing file or folder is a rubric to load, any other value the rubric's id.
 */
function splitRubricOption(command: Command, cwd: string): { rubricIds: string[]; rubricFiles: string[] } {
  const values = command.optsWithGlobals<{ rubric?: string[] | string }>().rubric;
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  return {
    rubricIds: list.filter((value) => !existsSync(resolve(cwd, value))),
    rubricFiles: list.filter((value) => existsSync(resolve(cwd, value))),
  };
}

async function rubricOfGrader(resultsFile: string, grader: string): Promise<string> {
  const records = (await readFinalResults(resultsFile, new Set([grader]))).get(grader);
  const rubrics = [...new Set([...(records?.values() ?? [])].map((record) => record.rubric))];
  if (rubrics.length !== 1) throw new TgradeError('E_AUDIT_INVALID', `${resultsFile}: ${rubrics.length === 0 ? `no record from grader "${grader}"` : `grader "${grader}" graded ${rubrics.join(', ')}`}; name the rubric with --rubric <id>`);
  return rubrics[0]!;
}
