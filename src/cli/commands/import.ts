import type { Command } from 'commander';
import { RaterKindSchema, type RaterKind } from '../../calibration/gold-set.js';
import { TgradeError } from '../../errors.js';
import { importLabelledSamples } from '../../import/labelled-samples.js';
import { importPredictions } from '../../import/predictions.js';
import type { CliIO } from '../io.js';

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
    .action(async (input: string, options: Record<string, string | undefined>) => {
      const summary = await importLabelledSamples({
        input,
        outDir: options['out'] as string,
        rubric: options['rubricId'] as string,
        rater: options['rater'] as string,
        raterKind: raterKindOf(options['raterKind']),
        source: options['source'] as string,
        license: options['license'] as string,
        ...(options['idPrefix'] === undefined ? {} : { idPrefix: options['idPrefix'] }),
        ...(options['labelMap'] === undefined ? {} : { labelMap: parseLabelMap(options['labelMap']) }),
        ...(options['description'] === undefined ? {} : { description: options['description'] }),
      });
      const counts = Object.entries(summary.labels).map(([label, count]) => `${label} ${count}`).join(', ');
      io.stdout(`imported ${summary.items} items into ${summary.folder} (${counts})\n`);
    });

  command
    .command('predictions')
    .description("add an automated rater's per-item predictions (label + probability) to a gold set")
    .argument('<file.json>', '{predictions: [{sample_idx, predicted_label, <score field>}]}')
    .requiredOption('--gold <folder>', 'the gold set the sample indices refer to')
    .requiredOption('--rater <name>', 'name of the automated rater')
    .requiredOption('--score-field <field>', 'field with the probability of the positive label')
    .requiredOption('--positive <label>', 'label for predicted_label 1')
    .requiredOption('--negative <label>', 'label for predicted_label 0')
    .option('--description <text>', 'what the rater is')
    .action(async (input: string, options: Record<string, string | undefined>) => {
      const { items } = await importPredictions({
        input,
        goldDir: options['gold'] as string,
        rater: options['rater'] as string,
        scoreField: options['scoreField'] as string,
        positiveLabel: options['positive'] as string,
        negativeLabel: options['negative'] as string,
        ...(options['description'] === undefined ? {} : { description: options['description'] }),
      });
      io.stdout(`added ${items} predictions by ${options['rater']} to ${options['gold']}\n`);
    });
}

function raterKindOf(value: string | undefined): RaterKind {
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
