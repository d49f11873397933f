import type { Command } from 'commander';
import { RaterKindSchema, type RaterKind } from '../../gold/gold-set.js';
import { TgradeError } from '../../errors.js';
import { importLabelledSamples } from '../../gold/import-labelled-samples.js';
import { importPredictions, PREDICTION_FIELDS } from '../../gold/import-predictions.js';
import type { CliIO } from '../io.js';

/** `tgrade import samples` options, as commander parses them (required options are always set). */
interface SamplesOptions {
  out: string;
  rubricId: string;
  rater: string;
  raterKind: string;
  source: string;
  license: string;
  idPrefix: string;
  labelMap?: string;
  description?: string;
}

/** `tgrade import predictions` options. */
interface PredictionsOptions {
  gold: string;
  rater: string;
  scoreField: string;
  positive: string;
  negative: string;
  description?: string;
}

export function importCommand(program: Command, io: CliIO): void {
  const command = program.command('import').description('turn published labelled data into a gold-set folder (transcripts.jsonl, ratings.jsonl, gold.yaml)');

  command
    .command('samples')
    .description('import {samples: [{text, label}]} (or a bare array) as a new gold set')
    .argument('<file.json>', 'the labelled samples')
    .requiredOption('-o, --out <folder>', 'gold-set folder to write')
    .requiredOption('--rubric-id <id>', 'rubric the labels belong to')
    .requiredOption('--rater <name>', 'who gave the labels, named for the source')
    .requiredOption('--rater-kind <kind>', 'human | illustrative | automated (say human only for labels people gave)')
    .requiredOption('--source <text>', 'where the data comes from (paper, repository, file)')
    .requiredOption('--license <text>', 'the license it is shared under')
    .option('--id-prefix <prefix>', 'item ids are <prefix><index>', 'item-')
    .option('--label-map <pairs>', 'rename labels, e.g. 1=potential_faking,0=aligned')
    .option('--description <text>', 'what the set is, for gold.yaml')
    .action(async (input: string, options: SamplesOptions) => {
      const summary = await importLabelledSamples({
        input,
        outDir: options.out,
        rubric: options.rubricId,
        rater: options.rater,
        raterKind: raterKindOf(options.raterKind),
        source: options.source,
        license: options.license,
        idPrefix: options.idPrefix,
        ...(options.labelMap === undefined ? {} : { labelMap: parseLabelMap(options.labelMap) }),
        ...(options.description === undefined ? {} : { description: options.description }),
      });
      const counts = Object.entries(summary.labels).map(([label, count]) => `${label} ${count}`).join(', ');
      io.stdout(`imported ${summary.items} items into ${summary.folder} (${counts})\n`);
    });

  command
    .command('predictions')
    .description("add an automated rater's per-item predictions (label + probability) to a gold set")
    .argument('<file.json>', `{predictions: [{sample_idx, predicted_label, <score field>}]} or a bare array; each prediction needs ${PREDICTION_FIELDS}`)
    .requiredOption('--gold <folder>', 'the gold set the sample indices refer to')
    .requiredOption('--rater <name>', 'name of the automated rater')
    .requiredOption('--score-field <field>', 'field with the probability of the positive label')
    .requiredOption('--positive <label>', 'label for predicted_label 1')
    .requiredOption('--negative <label>', 'label for predicted_label 0')
    .option('--description <text>', 'what the rater is')
    .action(async (input: string, options: PredictionsOptions) => {
      const { items } = await importPredictions({
        input,
        goldDir: options.gold,
        rater: options.rater,
        scoreField: options.scoreField,
        positiveLabel: options.positive,
        negativeLabel: options.negative,
        ...(options.description === undefined ? {} : { description: options.description }),
      });
      io.stdout(`added ${items} predictions by ${options.rater} to ${options.gold}\n`);
    });
}

function raterKindOf(value: string): RaterKind {
  const parsed = RaterKindSchema.safeParse(value);
  if (!parsed.success) throw new TgradeError('E_CONFIG_INVALID', `--rater-kind: expected human, illustrative or automated, got "${value}"`);
  return parsed.data;
}

function parseLabelMap(pairs: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs.split(',')) {
    const [from, to] = pair.split('=');
    if (from === undefined || to === undefined || from.trim() === '' || to.trim() === '') {
      throw new TgradeError('E_CONFIG_INVALID', `--label-map: "${pair}" is not from=to`);
    }
    map[from.trim()] = to.trim();
  }
  return map;
}
