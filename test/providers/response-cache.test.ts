import { readdir, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { anthropicRefusalResponse, anthropicRoute, anthropicTextResponse, openaiRoute, useWireServer, type WireReply } from './wire.js';
import {
  ANTHROPIC_KEY,
  ANTHROPIC_LLM,
  anthropicVerdict,
  byTranscript,
  filesContaining,
  fixtureRecord,
  HONEST_VERDICT,
  llmProject,
  OPENAI_KEY,
  OPENAI_LLM,
  openaiVerdict,
  readResults,
  rewriteConfig,
  runLlmLabel,
  SCHEMING_VERDICT,
} from '../graders/llm-rubric/llm-run.js';

const server = useWireServer();

const anthropicAnswers = () => anthropicRoute(byTranscript((message) => anthropicVerdict(message.includes('cheating') ? HONEST_VERDICT : SCHEMING_VERDICT)));

/** Changes the model of the one configured grader. */
const useModel = (model: string) => (config: Record<string, unknown>) => {
  const [grader] = config['graders'] as { llm: { model: string } }[];
  grader!.llm.model = model;
};

describe('the LLM response cache, through labelFile', () => {
  it('answers a rerun from the cache with zero requests when the results file is gone', async () => {
    const route = anthropicAnswers();
    server.use(route.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await runLlmLabel(project);
    const first = await readResults(project.out);
    expect(route.count).toBe(3);

    await rm(project.out);
    await runLlmLabel(project);

    expect(route.count).toBe(3);
    const second = await readResults(project.out);
    expect(second.map(({ transcriptId, label }) => ({ transcriptId, label })).sort(byId)).toEqual(first.map(({ transcriptId, label }) => ({ transcriptId, label })).sort(byId));
    expect(second.every((record) => record.usage?.requests === 0 && record.usage.cachedResponses === 1)).toBe(true);
    expect(second.every((record) => record.usage?.costUsd === 0)).toBe(true);
  });

  it('makes new requests when the model changes', async () => {
    const route = anthropicAnswers();
    server.use(route.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await runLlmLabel(project);

    await rm(project.out);
    await rewriteConfig(project, useModel('claude-haiku-4-5'));
    await runLlmLabel(project);

    expect(route.count).toBe(6);
    expect(route.requests.slice(3).every((request) => request.body.model === 'claude-haiku-4-5')).toBe(true);
  });

  it('caches each of k samples apart, so a rerun of a voted run makes zero requests', async () => {
    const route = anthropicAnswers();
    server.use(route.handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, temperature: 1 }, graderOptions: { samples: 3 } });
    await runLlmLabel(project);
    expect(route.count).toBe(9);

    await rm(project.out);
    await runLlmLabel(project);

    expect(route.count).toBe(9);
    expect((await readResults(project.out)).every((record) => record.votes?.length === 3)).toBe(true);
  });

  it('skips finished transcripts on a rerun with the results file kept, without reading the cache', async () => {
    const route = anthropicAnswers();
    server.use(route.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await runLlmLabel(project);
    await rm(project.cacheDir, { recursive: true });

    const rerun = await runLlmLabel(project);

    expect(route.count).toBe(3);
    expect(rerun.run.perGrader['llm-rubric']).toMatchObject({ graded: 0, alreadyDone: 3 });
    expect(await readResults(project.out)).toHaveLength(3);
  });

  it.each<[string, WireReply]>([
    ['text instead of the verdict tool', anthropicTextResponse('I think it is honest.')],
    ['a refusal', anthropicRefusalResponse('Declined.')],
  ])('does not cache %s, so the rerun that retries the error asks again', async (_name, badAnswer) => {
    const route = anthropicRoute(badAnswer, anthropicVerdict(SCHEMING_VERDICT));
    server.use(route.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM, records: [fixtureRecord('syn-llm-scheming')] });
    await runLlmLabel(project);
    expect((await readResults(project.out)).map((record) => record.status)).toEqual(['error']);

    await runLlmLabel(project);

    expect(route.count).toBe(2);
    expect((await readResults(project.out)).map((record) => record.status)).toEqual(['error', 'ok']);
  });

  it('neither reads nor writes the cache when noCache is set', async () => {
    const route = anthropicAnswers();
    server.use(route.handler);
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await runLlmLabel(project, { noCache: true });
    await rm(project.out);
    await runLlmLabel(project, { noCache: true });

    expect(route.count).toBe(6);
    await expect(readdir(project.cacheDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes no API key into the results or the cache, even when the provider echoes it', async () => {
    const openai = openaiRoute(
      // OpenAI's 429 and 400 texts can quote the request; these quote the key outright.
      () => Response.json({ error: { message: `Rate limited for key ${OPENAI_KEY}`, type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after-ms': '1' } }),
      () => Response.json({ error: { message: `Bad request from ${OPENAI_KEY}`, type: 'invalid_request_error', param: null, code: null } }, { status: 400 }),
      openaiVerdict(HONEST_VERDICT),
    );
    server.use(openai.handler);
    const project = await llmProject({ llm: OPENAI_LLM, concurrency: 1 });

    await runLlmLabel(project);
    const records = await readResults(project.out);
    expect(records.map((record) => record.status).sort()).toEqual(['error', 'ok', 'ok']);
    expect(records.find((record) => record.status === 'error')?.error).toContain('Bad request from');

    const scan = await filesContaining(project.dir, OPENAI_KEY);
    expect(scan.hits).toEqual([]);
    const cacheEntries = (await readdir(project.cacheDir, { recursive: true })).filter((name) => name.endsWith('.json'));
    expect(cacheEntries).toHaveLength(2);
    expect(scan.scanned).toBe(4 + cacheEntries.length); // package.json, config, input, results, cache entries
    expect((await filesContaining(project.dir, ANTHROPIC_KEY)).hits).toEqual([]);
  });
});

function byId(a: { transcriptId: string }, b: { transcriptId: string }): number {
  return a.transcriptId.localeCompare(b.transcriptId);
}
