import { describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { fromRoot, repoRoot } from '../helpers/paths.js';

describe('the plugin template a user copies', () => {
  it('loads its rubric and grader through --plugin and binds the grader to the rubric', async () => {
    const setup = await loadSetup({ cwd: repoRoot, plugins: [fromRoot('examples/_template/my-grader.mjs')], only: ['my-grader'] });
    expect(setup.rubrics.get('my-rubric')?.labels.map((label) => label.name)).toEqual(['shows_behaviour', 'does_not', 'no_reasoning']);
    expect(setup.instances.map((instance) => instance.rubric.id)).toEqual(['my-rubric']);
  });
});
