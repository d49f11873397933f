import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { calibrateGoldSet } from '../../src/calibration/calibrate-gold-set.js';
import { loadSetup } from '../../src/config/setup.js';
import { fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

describe('calibrateGoldSet on the real, human-labelled alignment-faking gold set (106 items)', () => {
  test('reproduces the published AUROC of the automated probe (0.5854) and counts one human rater as no agreement to measure', async () => {
    const project = await tempProject();
    const gold = join(project, 'gold');
    await cp(fromRoot('calibration/alignment-faking-gold-106'), gold, { recursive: true, filter: (source) => !source.endsWith('results.jsonl') });
    const setup = await loadSetup({
      cwd: project,
      rubrics: [fromRoot('examples/alignment-faking/alignment-faking.md')],
      plugins: [fromRoot('examples/alignment-faking/heuristic-grader.mjs')],
    });
    const report = await calibrateGoldSet({ folder: gold, setup, profilesDir: false, resamples: 200 });
    const probe = report.graders.find((grader) => grader.name === 'lightbright-probe')!;
    expect(probe.kind).toBe('automated-rater');
    expect(probe.rocAuc.value).toBeCloseTo(0.5854, 4);
    expect(report.consensus.byLabel).toEqual({ potential_faking: 51, aligned: 55 });
    expect(report.referenceAgreement.krippendorffAlpha).toEqual({ value: null, reason: 'undefined because no item has ratings from two or more raters' });
  });
});
