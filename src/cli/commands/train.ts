import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadGoldSetSpec } from '../../gold/gold-set.js';
import { loadSetup } from '../../config/setup.js';
import { TgradeError } from '../../errors.js';
import { formatTraining } from '../../learned/format-training.js';
import { writeModelFile } from '../../learned/model-file.js';
import { trainModel } from '../../learned/train-model.js';
import { readTrainingData } from '../../calibration/training-data.js';
import { labelNames } from '../../rubric/schema.js';
import { setupOptionsOf } from '../global-options.js';
import type { CliIO } from '../io.js';
import { integer, positiveInteger } from '../options.js';

interface TrainOptions {
  from: string;
  grader?: string;
  transcripts?: string;
  out: string;
  folds: number;
  repeats: number;
  seed: number;
  c?: number[];
  json?: boolean;
}

export function trainCommand(program: Command, io: CliIO): void {
  program
    .command('train')
    .description('train the `learned` grader for a rubric from labelled transcripts, cross-validate it, and write the model file')
    .requiredOption('--from <path>', 'a gold set folder (its consensus labels) or a results.jsonl file (one grader\'s verdicts)')
    .requiredOption('--out <model.json>', 'where the model file is written')
    .option('--grader <name>', 'with a results file: whose verdicts to learn (needed when several graders grade the rubric)')
    .option('--transcripts <file>', 'with a results file: the transcripts it graded (default: the file its records name)')
    .option('--folds <n>', 'cross-validation folds', positiveInteger, 5)
    .option('--repeats <n>', 'cross-validation repeats', positiveInteger, 10)
    .option('--seed <n>', 'seed for the folds and the bootstrap (same seed, same model and figures)', integer, 1)
    .option('--c <list>', 'comma-separated candidate C values (inverse regularisation strength); default 0.1,1,10,100,1000', cList)
    .option('--json', 'print the cross-validation figures as JSON')
    // `--rubric` is the program's option: a rubric file/folder to load, or here also the id of the rubric to train.
    .addHelpText('after', '\nName the rubric with the global --rubric <id> (or a rubric file holding one rubric); a gold set folder names its own.')
    .action(async (options: TrainOptions, command: Command) => {
      if (options.folds < 2) throw new TgradeError('E_CONFIG_INVALID', '--folds must be at least 2');
      const setupOptions = setupOptionsOf(command, io.cwd);
      const rubricArgs = setupOptions.rubrics ?? [];
      const paths = rubricArgs.filter((value) => existsSync(resolve(io.cwd, value)));
      const ids = rubricArgs.filter((value) => !paths.includes(value));
      const setup = await loadSetup({ ...setupOptions, rubrics: paths });
      const from = resolve(io.cwd, options.from);
      const rubricId = await chooseRubric(ids, paths, from, setup.rubrics, io.cwd);
      const rubric = setup.rubrics.get(rubricId);
      if (rubric === undefined) throw new TgradeError('E_RUBRIC_UNKNOWN', `no rubric "${rubricId}" (known: ${[...setup.rubrics.keys()].join(', ')}); load its file with --rubric <path>`);
      const data = await readTrainingData({
        from,
        rubric,
        ...(options.grader === undefined ? {} : { grader: options.grader }),
        ...(options.transcripts === undefined ? {} : { transcripts: resolve(io.cwd, options.transcripts) }),
      });
      for (const warning of data.warnings) io.stderr(`tgrade: ${warning}\n`);
      const out = resolve(io.cwd, options.out);
      const model = trainModel(data.items, {
        rubric: { id: rubric.id, reads: rubric.reads, labels: labelNames(rubric), positive: rubric.positive },
        source: { path: options.from, kind: data.kind, ...(data.grader === undefined ? {} : { grader: data.grader }) },
        folds: options.folds,
        repeats: options.repeats,
        seed: options.seed,
        ...(options.c === undefined ? {} : { cGrid: options.c }),
        warnings: data.warnings,
        onProgress: (done, total) => {
          if (io.isTTY) io.stderr(`\rcross-validating: fold ${done}/${total}${done === total ? '\n' : ''}`);
        },
      });
      await writeModelFile(out, model);
      if (options.json) {
        const { outOfFold: _, ...figures } = model.crossValidation;
        io.stdout(`${JSON.stringify({ model: out, rubric: model.rubric, items: model.training.items.length, labelCounts: model.training.labelCounts, c: model.weights.c, crossValidation: figures, warnings: model.training.warnings }, null, 2)}\n`);
      } else io.stdout(`${formatTraining(model, options.out)}\n`);
    });
}

async function chooseRubric(ids: string[], paths: string[], from: string, rubrics: ReadonlyMap<string, { id: string; origin: string }>, cwd: string): Promise<string> {
  if (ids.length > 1) throw new TgradeError('E_CONFIG_INVALID', `train learns one rubric at a time; got --rubric ${ids.join(', ')}`);
  if (ids.length === 1) return ids[0]!;
  if (existsSync(resolve(from, 'gold.yaml'))) return (await loadGoldSetSpec(from)).spec.rubric;
  const fromFiles = [...rubrics.values()].filter((rubric) => paths.some((path) => resolve(cwd, path) === rubric.origin));
  if (fromFiles.length === 1) return fromFiles[0]!.id;
  throw new TgradeError('E_CONFIG_INVALID', 'name the rubric to train with --rubric <id>');
}

function cList(value: string): number[] {
  const values = value.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((c) => !(c > 0) || !Number.isFinite(c))) throw new InvalidArgumentError('expected positive numbers separated by commas, e.g. 0.1,1,10');
  return values;
}
