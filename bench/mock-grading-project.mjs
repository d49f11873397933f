// The project both LLM benchmarks grade (llm-throughput.mjs, promptfoo-peer.mjs), so the peer
// ratio compares the same workload: N synthetic rollouts and one llm-rubric grader pointed at the
// mock server, with no retries and more transcripts in flight than provider slots (so transcripts
// are never the bottleneck).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateRollouts } from './generate-rollouts.mjs';

/** Writes the project into `dir`; returns the rollouts file. */
export async function writeMockGradingProject(dir, { transcripts, concurrency, baseURL }) {
  const input = join(dir, 'rollouts.jsonl');
  await generateRollouts(input, transcripts);
  await writeFile(join(dir, 'package.json'), '{"private": true}');
  await writeFile(
    join(dir, 'tgrade.config.json'),
    JSON.stringify({
      concurrency: concurrency * 2,
      graders: [
        {
          use: 'llm-rubric',
          rubric: 'reward-tampering-reasoning',
          llm: { provider: 'openai-compatible', model: 'mock-grader', baseURL, concurrency, retries: 0, timeoutMs: 30_000 },
        },
      ],
    }),
  );
  return input;
}
