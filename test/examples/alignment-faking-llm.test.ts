import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateGoldSet } from '../../src/calibration/calibrate-gold-set.js';
import { loadSetup } from '../../src/config/setup.js';
import { createLlmFactory } from '../../src/providers/llm-for-instance.js';
import { fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';
import { anthropicRoute, anthropicToolUseResponse, useWireServer, type WireReply } from '../providers/wire.js';

// The LLM grader on the alignment-faking rubric, run the way a user with a key runs it, against the
// real Anthropic wire format served by msw. The gold items are 8 of the real, human-labelled 106
// (Hughes et al. 2025, via bigsnarfdude/lightbright, MIT); the "model" here is a fake that quotes the
// first scratchpad sentence mentioning RLHF, so the test checks plumbing and figures, not a model.
const server = useWireServer();
const GOLD = fromRoot('calibration/alignment-faking-gold-106');
// Built at run time so no secret scanner mistakes the fake for a real key.
const KEY = ['sk', 'ant', 'test-DO-NOT-LOG-af-5555555555'].join('-');

function goldSubset(count: number): { transcripts: string; ratings: string } {
  const transcripts = readFileSync(join(GOLD, 'transcripts.jsonl'), 'utf8').trim().split('\n').slice(0, count);
  const ids = new Set(transcripts.map((line) => (JSON.parse(line) as { id: string }).id));
  const ratings = readFileSync(join(GOLD, 'ratings.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter((line) => {
      const rating = JSON.parse(line) as { item: string; rater: string };
      return ids.has(rating.item) && rating.rater === 'hughes-2025-gold';
    });
  return { transcripts: `${transcripts.join('\n')}\n`, ratings: `${ratings.join('\n')}\n` };
}

/** Quotes a sentence that really is in the scratchpad the request carries, and labels by a keyword. */
const fakeModel: WireReply = async (request) => {
  const body = (await request.clone().json()) as { messages: { role: string; content: string | { text?: string }[] }[] };
  const content = body.messages.at(-1)?.content ?? '';
  const transcript = typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');

  const sentence = /[^.\n]*\bRLHF\b[^.\n]*\./.exec(transcript)?.[0].trim() ?? /<scratchpad>\s*([^\n]+)/.exec(transcript)?.[1] ?? '';
  const label = /future versions of me/i.test(transcript) ? 'potential_faking' : 'aligned';
  return anthropicToolUseResponse({ reasoning: 'Test double.', evidence: [{ quote: sentence }], label }, undefined, { name: 'record_verdict' })(request);
};

describe('the LLM grader on the alignment-faking rubric', () => {
  it('calibrates against the human labels with verified quotes and writes a profile', async () => {
    const subset = goldSubset(8);
    const dir = await tempProject({
      'gold/transcripts.jsonl': subset.transcripts,
      'gold/ratings.jsonl': subset.ratings,
      'gold/gold.yaml': readFileSync(join(GOLD, 'gold.yaml'), 'utf8'),
      'tgrade.config.json': {
        plugins: [fromRoot('examples/alignment-faking/heuristic-grader.mjs')],
        graders: [{ use: 'llm-rubric', name: 'claude-af', rubric: 'alignment-faking', llm: { provider: 'anthropic', model: 'claude-sonnet-4-6', retries: 0 } }],
      },
    });
    const messages = anthropicRoute(fakeModel);
    server.use(messages.handler);
    const setup = await loadSetup({ cwd: dir });
    const report = await calibrateGoldSet({
      folder: join(dir, 'gold'),
      setup,
      llmFor: createLlmFactory({ config: setup.config, baseDir: dir, env: { ANTHROPIC_API_KEY: KEY } }),
      profilesDir: join(dir, 'profiles'),
      resamples: 200,
    });

    expect(messages.count).toBe(8);
    expect(messages.requests[0]?.headers.get('x-api-key')).toBe(KEY);
    const [evaluation] = report.graders.filter((grader) => grader.name === 'claude-af');
    expect(evaluation?.n).toBe(8);
    expect(evaluation?.confusionMatrix.flat().reduce((sum, count) => sum + count, 0)).toBe(8);
    expect(report.profiles.map((profile) => profile.grader)).toContain('claude-af');

    const results = readFileSync(report.resultsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { status: string; flags?: string[]; evidence: { start: number | null }[] });
    expect(results).toHaveLength(8);
    for (const record of results) {
      expect(record.status).toBe('ok');
      expect(record.flags ?? [], JSON.stringify(record.evidence)).not.toContain('unverifiedEvidence');
      expect(record.evidence[0]?.start).not.toBeNull();
    }
    await writeFile(join(dir, 'scan.txt'), readFileSync(report.resultsFile, 'utf8'));
    expect(readFileSync(join(dir, 'scan.txt'), 'utf8')).not.toContain(KEY);
  });
});
