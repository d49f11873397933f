/**
 * A 200 answer whose body is not the API's JSON (a proxy's or captive portal's HTML page, a cut or
 * garbled JSON text, some other service's JSON): named as such, classified, the raw body kept
 * (truncated) in the error record, and not retried — a wrong base URL or a proxy in the way does not
 * heal within a run, and a rerun retries error records.
 */
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropicRoute, openaiRoute, useWireServer, type WireReply } from '../../providers/wire.js';
import { ANTHROPIC_LLM, fixtureRecord, llmProject, OPENAI_LLM, readResults, runLlmLabel, type LlmTestSettings } from './llm-run.js';

const server = useWireServer();

const LOGIN_PAGE = `<!DOCTYPE html>\n<html lang="en"><head><title>Sign in – Corporate Proxy</title></head>\n<body>${'<p>Please sign in to continue.</p>'.repeat(400)}</body></html>`;

const htmlPage: WireReply = () => HttpResponse.html(LOGIN_PAGE);
const garbledJson: WireReply = () => new HttpResponse('{"id":"msg_01","type":"message","content":[{"type":"tool_u', { headers: { 'content-type': 'application/json' } });
const someOtherJson: WireReply = () => HttpResponse.json({ status: 'ok', service: 'gateway' });

const wires: { name: string; llm: LlmTestSettings; route: typeof anthropicRoute; api: string }[] = [
  { name: 'anthropic', llm: ANTHROPIC_LLM, route: anthropicRoute, api: 'Messages API' },
  { name: 'openai', llm: OPENAI_LLM, route: openaiRoute, api: 'Chat Completions' },
];

async function onlyRecord(reply: WireReply, wire: (typeof wires)[number]) {
  const route = wire.route(reply);
  server.use(route.handler);
  const project = await llmProject({ llm: wire.llm, records: [fixtureRecord('syn-llm-scheming')] });
  await runLlmLabel(project);
  const records = await readResults(project.out);
  expect(records).toHaveLength(1);
  return { record: records[0]!, requests: route.count };
}

describe.each(wires)('a 200 answer from $name that is not the API JSON', (wire) => {
  it('an HTML page is recorded as "a body that is not JSON (text/html)", its start kept as raw, after one request', async () => {
    const { record, requests } = await onlyRecord(htmlPage, wire);

    expect(requests).toBe(1);
    expect(record).toMatchObject({ status: 'error', label: null, code: 'E_PROVIDER_RESPONSE' });
    expect(record.error).toContain('the server answered with a body that is not JSON (text/html)');
    expect(record.raw?.startsWith('<!DOCTYPE html>\n<html lang="en"><head><title>Sign in')).toBe(true);
    expect(record.raw!.length).toBeLessThan(LOGIN_PAGE.length);
    expect(record.raw!.length).toBeLessThanOrEqual(2001);
  });

  it('JSON cut short is recorded as a body that is not JSON (application/json), raw kept', async () => {
    const { record, requests } = await onlyRecord(garbledJson, wire);

    expect(requests).toBe(1);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_RESPONSE', raw: '{"id":"msg_01","type":"message","content":[{"type":"tool_u' });
    expect(record.error).toContain('the server answered with a body that is not JSON (application/json)');
  });

  it(`JSON of another shape is recorded as not a ${wire.api} response, raw kept`, async () => {
    const { record, requests } = await onlyRecord(someOtherJson, wire);

    expect(requests).toBe(1);
    expect(record).toMatchObject({ status: 'error', code: 'E_PROVIDER_RESPONSE', raw: '{"status":"ok","service":"gateway"}' });
    expect(record.error).toContain(`the server answered with JSON that is not a ${wire.api} response`);
  });
});
