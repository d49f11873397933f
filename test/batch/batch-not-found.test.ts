/**
 * A 404 from a batch API call (no model in the request itself) names the missing address, not
 * "unknown model the requested model".
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { labelFileInBatches } from '../../src/batch/label-in-batches.js';
import { loadSetup } from '../../src/config/setup.js';
import { useWireServer } from '../providers/wire.js';
import { ANTHROPIC_LLM, fixtureRecord, llmProject, OPENAI_LLM, TEST_ENV, type LlmTestSettings } from '../graders/llm-rubric/llm-run.js';

const server = useWireServer();

async function batchFailure(llm: LlmTestSettings): Promise<Error> {
  const project = await llmProject({ llm, records: [fixtureRecord('syn-llm-scheming')] });
  const setup = await loadSetup({ cwd: project.dir });
  const outcome = await labelFileInBatches({ setup, input: project.input, out: project.out, env: TEST_ENV, hooks: { sleep: () => Promise.resolve(), random: () => 0 } }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe('a 404 on batch creation', () => {
  test('from Anthropic says nothing answers at the batch address, and which base URL to check', async () => {
    server.use(
      http.post('https://api.anthropic.com/v1/messages/batches', () =>
        HttpResponse.json({ type: 'error', error: { type: 'not_found_error', message: 'Not Found' }, request_id: 'req_011CNotFoundNotFoundNotF' }, { status: 404 }),
      ),
    );

    const error = await batchFailure(ANTHROPIC_LLM);

    expect(error).toMatchObject({ code: 'E_PROVIDER_NOT_FOUND' });
    expect(error.message).not.toContain('the requested model');
    expect(error.message).toBe(
      'creating a message batch: Anthropic has nothing at this address (404): Not Found (check that https://api.anthropic.com is the right base URL and that it offers this API)',
    );
  });

  test('from OpenAI says nothing answers at the batch address', async () => {
    server.use(
      // The SDK's one-off `fetch('data:,')` probe before its first upload (see batch-wire.ts).
      http.get(({ request }) => request.url.startsWith('data:'), () => new HttpResponse('')),
      http.post('https://api.openai.com/v1/files', () => HttpResponse.json({ id: 'file-abc123', object: 'file', bytes: 10, created_at: 1_764_201_600, filename: 'batch.jsonl', purpose: 'batch', status: 'processed' })),
      http.post('https://api.openai.com/v1/batches', () =>
        HttpResponse.json({ error: { message: 'Invalid URL (POST /v1/batches)', type: 'invalid_request_error', param: null, code: null } }, { status: 404 }),
      ),
    );

    const error = await batchFailure(OPENAI_LLM);

    expect(error).toMatchObject({ code: 'E_PROVIDER_NOT_FOUND' });
    expect(error.message).toBe(
      'creating a batch: OpenAI has nothing at this address (404): Invalid URL (POST /v1/batches) (check that https://api.openai.com/v1 is the right base URL and that it offers this API)',
    );
  });
});
