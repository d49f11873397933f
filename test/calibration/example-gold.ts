import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { readRatingsFile } from '../../src/gold/ratings-file.js';
import { fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

/** The shipped example gold set (synthetic transcripts, illustrative ratings). */
const exampleGold = fromRoot('calibration/example-gold');

/** A temp project holding a copy of the example gold set at `example-gold/`, so runs write nothing into the repo. */
export async function projectWithExampleGold(): Promise<{ project: string; gold: string }> {
  const project = await tempProject();
  const gold = join(project, 'example-gold');
  await cp(exampleGold, gold, { recursive: true, filter: (source) => !source.endsWith('results.jsonl') });
  return { project, gold };
}

/** The example's ratings without the adjudication line, as the statistics take them. */
export async function exampleRatings(): Promise<{ item: string; rater: string; label: string }[]> {
  const { ratings } = await readRatingsFile(join(exampleGold, 'ratings.jsonl'));
  return ratings.filter((rating) => rating.adjudicated !== true).map(({ item, rater, label }) => ({ item, rater, label }));
}
