/**
 * The built CLI, run as a child process against a local Anthropic stand-in that echoes the API key
 * in its error messages (the worst case): the key must not reach stdout, stderr or any file written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../../helpers/cli.js';
import { anthropicMessageBody } from '../../providers/wire.js';
import { ANTHROPIC_KEY, ANTHROPIC_LLM, filesContaining, HONEST_VERDICT, llmProject, readResults, SCHEMING_VERDICT } from './llm-run.js';
import { localWireServer, type LocalReply } from './local-wire-server.js';

beforeAll(() => requireBuiltCli());

const verdictReply = (verdict: object): LocalReply => ({
  json: anthropicMessageBody({
    content: [{ type: 'tool_use', id: 'toolu_01LOCAL', name: 'record_verdict', input: verdict }],
    stop_reason: 'tool_use',
    usage: { input_tokens: 300, output_tokens: 80, cache_read_input_tokens: 2048 },
  }),
});

const errorReply = (status: number, type: string, message: string, headers: Record<string, string> = {}): LocalReply => ({
  status,
  headers: { 'request-id': 'req_01LOCAL', ...headers },
  json: { type: 'error', error: { type, message }, request_id: 'req_01LOCAL' },
});

function expectNoKey(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(ANTHROPIC_KEY);
}

describe('tgrade label with an LLM grader (built CLI)', () => {
  it('retries, records errors and verdicts, and never prints or writes the key', async () => {
    const server = await localWireServer((request, index) => {
      if (index === 0) return errorReply(429, 'rate_limit_error', `rate limited for ${ANTHROPIC_KEY}`, { 'retry-after-ms': '0' });
      const transcript = JSON.stringify(request.body.messages.at(-1));
      if (transcript.includes('Ignore previous instructions')) return errorReply(400, 'invalid_request_error', `bad request from key ${ANTHROPIC_KEY}`);
      return verdictReply(transcript.includes('cheating') ? HONEST_VERDICT : SCHEMING_VERDICT);
    });
    const project = await llmProject({ llm: ANTHROPIC_LLM, concurrency: 1 });

    const run = await runCli(['label', 'rollouts.jsonl'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });

    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.every((request) => request.headers['x-api-key'] === ANTHROPIC_KEY)).toBe(true);
    expect(server.requests).toHaveLength(4);
    expect(run.stderr).toMatch(/anthropic\/claude-sonnet-4-6: .*rate limit hit \(429\).*; retry 1 in 0s/);
    const records = await readResults(project.out);
    expect(records.map((record) => record.status).sort()).toEqual(['error', 'ok', 'ok']);
    expectNoKey(run.stdout, run.stderr);
    const scan = await filesContaining(project.dir, ANTHROPIC_KEY);
    expect(scan.hits).toEqual([]);
    expect(scan.scanned).toBeGreaterThan(4);
  });

  it('stops on a rejected key with exit code 1 and a message that names the variable, not the key', async () => {
    const server = await localWireServer(() => errorReply(401, 'authentication_error', `invalid x-api-key: ${ANTHROPIC_KEY}`));
    const project = await llmProject({ llm: ANTHROPIC_LLM, concurrency: 1 });

    const run = await runCli(['--debug', 'label', 'rollouts.jsonl'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('tgrade: llm-rubric: the API key for anthropic was rejected (check ANTHROPIC_API_KEY)');
    expect(server.requests).toHaveLength(1);
    expect(await readResults(project.out)).toEqual([]);
    expectNoKey(run.stdout, run.stderr);
    expect((await filesContaining(project.dir, ANTHROPIC_KEY)).hits).toEqual([]);
  });
});
