import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GoldSetSchema } from '../../src/gold/gold-set.js';
import { loadSetup } from '../../src/config/setup.js';
import { fromRoot, repoRoot } from '../helpers/paths.js';

describe('the plugin template a user copies', () => {
  it('loads its rubric and grader through --plugin and binds the grader to the rubric', async () => {
    const setup = await loadSetup({ cwd: repoRoot, plugins: [fromRoot('examples/_template/my-grader.mjs')], only: ['my-grader'] });
    expect(setup.rubrics.get('my-rubric')?.labels.map((label) => label.name)).toEqual(['shows_behaviour', 'does_not', 'no_reasoning']);
    expect(setup.instances.map((instance) => instance.rubric.id)).toEqual(['my-rubric']);
  });

  it('ships a gold.yaml that is a valid gold-set spec for its rubric, with labels the rubric has', async () => {
    const spec = GoldSetSchema.parse(parseYaml(await readFile(fromRoot('examples/_template/gold.yaml'), 'utf8')));
    const setup = await loadSetup({ cwd: repoRoot, plugins: [fromRoot('examples/_template/my-grader.mjs')], only: ['my-grader'] });
    const rubricLabels = setup.rubrics.get(spec.rubric)?.labels.map((label) => label.name);
    expect(rubricLabels).toBeDefined();
    expect(spec.labels?.every((label) => rubricLabels!.includes(label))).toBe(true);
    expect(spec.raters).toEqual([expect.objectContaining({ name: 'alice', kind: 'human' })]);
  });
});
