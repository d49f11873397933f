import { it } from 'vitest';
import { createAnthropicProvider } from '../../src/providers/anthropic-provider.js';
import { createOpenAIProvider } from '../../src/providers/openai-provider.js';
import { anthropicRoute, openaiRoute, useWireServer, networkError } from '../providers/wire.js';
import { anthropicVerdict, openaiVerdict, HONEST_VERDICT } from './llm-run.js';
const server = useWireServer();
const req = { model: 'claude-sonnet-4-6', system: 'x'.repeat(5000), messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 100, output: { name: 'record_verdict', schema: { type: 'object' } } };
it('anthropic', async () => {
  server.use(anthropicRoute(anthropicVerdict(HONEST_VERDICT)).handler);
  const p = createAnthropicProvider({ apiKey: 'k' });
  let t = performance.now();
  await Promise.all(Array.from({ length: 500 }, () => p.complete(req)));
  console.log('anthropic ok', performance.now() - t);
  server.use(anthropicRoute(networkError()).handler);
  t = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => p.complete(req).catch(() => 0)));
  console.log('anthropic neterr x100', performance.now() - t);
});
it('openai', async () => {
  server.use(openaiRoute(openaiVerdict(HONEST_VERDICT)).handler);
  const p = createOpenAIProvider({ name: 'openai', apiKey: 'k' });
  let t = performance.now();
  await Promise.all(Array.from({ length: 500 }, () => p.complete(req)));
  console.log('openai ok', performance.now() - t);
  server.use(openaiRoute(networkError()).handler);
  t = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => p.complete(req).catch(() => 0)));
  console.log('openai neterr x100', performance.now() - t);
});
