/**
 * Batch mode keeps to the response cache's rule: an answer that became no verdict is asked for
 * again by the next job, not replayed from the cache the previous job's batch filled.
 */
import { describe, expect, test } from 'vitest';
import { labelFileInBatches } from '../../src/batch/label-in-batches.js';
import { loadSetup } from '../../src/config/setup.js';
import { useWireServer } from '../providers/wire.js';
import { ANTHROPIC_LLM, fixtureRecord, llmProject, readResults, SCHEMING_VERDICT, TEST_ENV, type LlmProject } from '../graders/llm-rubric/llm-run.js';
import { fakeAnthropicBatches, type FakeBatchService } from './batch-wire.js';

const server = useWireServer();

async function runBatch(project: LlmProject) {
  const setup = await loadSetup({ cwd: project.dir });
  return labelFileInBatches({ setup, input: project.input, out: project.out, env: TEST_ENV, hooks: { sleep: () => Promise.resolve(), random: () => 0 } });
}

describe('tgrade label --batch and the response cache', () => {
  test('a rerun sends again a request whose batch answer fitted no verdict, and records the new verdict', async () => {
    // The first batch answers with a label outside the rubric; any later batch answers properly.
    const service: FakeBatchService = fakeAnthropicBatches(() =>
      service.created.length === 1 ? { type: 'succeeded', input: { ...SCHEMING_VERDICT, label: 'definitely_fine' } } : { type: 'succeeded', input: { ...SCHEMING_VERDICT } },
    );
    server.use(...service.handlers);
    const project = await llmProject({ llm: ANTHROPIC_LLM, records: [fixtureRecord('syn-llm-scheming')] });
    await runBatch(project);
    expect((await readResults(project.out)).map((record) => record.status)).toEqual(['error']);

    await runBatch(project);

    expect(service.created).toHaveLength(2);
    expect((await readResults(project.out)).map((record) => [record.status, record.label])).toEqual([
      ['error', null],
      ['ok', 'explicit_scheming'],
    ]);
  });
});
