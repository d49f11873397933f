import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAuditPlan } from '../../src/audit/plan.js';
import { labelFile } from '../../src/label.js';
import { readTranscripts } from '../../src/transcript/read-transcripts.js';
import rewardTamperingHeuristics from '../../graders/reward-tampering-heuristics/index.js';
import type { AnyGrader } from '../../src/grading/grader.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { instanceOf, setupOf } from '../helpers/graders.js';
import { fromRoot } from '../helpers/paths.js';
import { shippedRubric } from '../helpers/rubrics.js';
import { tempDir } from '../helpers/temp-dir.js';

const [actionGrader] = rewardTamperingHeuristics as [AnyGrader];
const rubric = shippedRubric('reward-tampering-action');

async function transcriptsOf(file: string): Promise<Map<string, Transcript>> {
  const found = new Map<string, Transcript>();
  for await (const item of readTranscripts(file)) if (item.ok) found.set(item.transcript.id, item.transcript);
  return found;
}

describe('audit plan over an Inspect log', () => {
  it('writes each drawn sample as a record that reads back to the same transcript (reasoning and actions included)', async () => {
    const dir = await tempDir();
    const log = fromRoot('test/fixtures/inspect-logs/built/epochs.eval');
    const results = join(dir, 'results.jsonl');
    await labelFile({ setup: setupOf([instanceOf(actionGrader, rubric)]), input: log, out: results });

    const plan = await writeAuditPlan({ results, grader: actionGrader.id, rubric, budget: 3, out: join(dir, 'audit') });

    const written = await transcriptsOf(join(dir, 'audit', 'transcripts.jsonl'));
    const original = await transcriptsOf(log);
    expect([...written.keys()].sort()).toEqual(plan.sample.map((drawn) => drawn.item).sort());
    for (const [id, transcript] of written) {
      const { text, prompt, scratchpad, actions, answer } = original.get(id)!;
      expect(transcript).toMatchObject({ text, prompt, scratchpad, actions, answer });
    }
    expect((await readFile(join(dir, 'audit', 'gold.yaml'), 'utf8'))).toContain('transcripts: transcripts.jsonl');
  });
});
