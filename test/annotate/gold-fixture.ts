import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rubric } from '../../src/rubric/schema.js';
import { fromRoot } from '../helpers/paths.js';
import { shippedRubric } from '../helpers/rubrics.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The synthetic gold set of test/fixtures/labeling-gold (see its README), copied so a test may write ratings. */
export const LABELING_GOLD = fromRoot('test/fixtures/labeling-gold');

export async function copyOfLabelingGold(): Promise<string> {
  const folder = join(await tempDir('tgrade-gold-'), 'gold');
  await cp(LABELING_GOLD, folder, { recursive: true });
  return folder;
}

export function reasoningRubrics(): Map<string, Rubric> {
  const rubric = shippedRubric('reward-tampering-reasoning');
  return new Map([[rubric.id, rubric]]);
}
