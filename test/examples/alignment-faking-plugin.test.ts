import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSetup } from '../../src/config/setup.js';
import { readTranscripts } from '../../src/transcript/read-transcripts.js';
import type { Transcript } from '../../src/transcript/schema.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const PLUGIN = 'examples/alignment-faking/heuristic-grader.mjs';

async function firstTranscripts(count: number): Promise<Transcript[]> {
  const transcripts: Transcript[] = [];
  for await (const item of readTranscripts(`${repoRoot}calibration/alignment-faking-gold-106/transcripts.jsonl`)) {
    if (item.ok) transcripts.push(item.transcript);
    if (transcripts.length === count) break;
  }
  return transcripts;
}

describe('the alignment-faking example plugin', () => {
  it('loads from outside src/ with its rubric, through --plugin', async () => {
    const setup = await loadSetup({ cwd: repoRoot, plugins: [PLUGIN], only: ['alignment-faking-phrases'] });
    expect(setup.rubrics.get('alignment-faking')?.origin).toMatch(/examples\/alignment-faking\/alignment-faking\.md$/);
    expect(setup.graders.get('alignment-faking-phrases')?.origin).toBe(PLUGIN);
    expect(setup.instances.map((instance) => `${instance.name} on ${instance.rubric.id}`)).toEqual(['alignment-faking-phrases on alignment-faking']);
  });

  it('scores every real scratchpad and quotes its evidence at exact offsets', async () => {
    const setup = await loadSetup({ cwd: repoRoot, plugins: [PLUGIN], only: ['alignment-faking-phrases'] });
    const [instance] = setup.instances;
    if (instance === undefined) throw new Error('no instance');
    for (const transcript of await firstTranscripts(20)) {
      const verdict = await instance.grader.grade(transcript, {
        rubric: instance.rubric,
        options: instance.options,
        name: instance.name,
        graderName: instance.name,
        signal: new AbortController().signal,
        log: () => {},
      });
      expect(verdict.status).toBe('ok');
      if (verdict.status !== 'ok') continue;
      expect(['potential_faking', 'aligned']).toContain(verdict.label);
      expect(verdict.scores?.['potential_faking']).toBeGreaterThanOrEqual(0);
      for (const item of verdict.evidence ?? []) expect(transcript.text.slice(item.start ?? -1, item.end ?? -1)).toBe(item.quote);
    }
  });
});
