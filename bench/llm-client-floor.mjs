// Where the LLM pass's client CPU goes: the same Chat Completions requests `tgrade label` sends
// (llm-rubric on reward-tampering-reasoning, N synthetic rollouts), sent by four clients of
// decreasing weight against the mock (bench/mock-openai-server.mjs, in its own process), each in a
// process of its own, with the client's CPU (user + system) per request:
//
//   node:http            a bare keep-alive loop: stringify, http.request, collect, JSON.parse (the floor)
//   SDK, no network      the OpenAI SDK with a fetch that answers in process after L ms (the SDK's own cost)
//   SDK + Node fetch     the OpenAI SDK on Node's built-in fetch (its bundled undici)
//   SDK + tgrade fetch   the OpenAI SDK on the fetch the providers use (src/providers/sdk-fetch.ts)
//
// and the mock's CPU per request. `tgrade label` adds its own work on top (reading, normalizing,
// prompts, verdict checks, results): bench/llm-throughput.mjs measures the whole. Run after `npm run build`:
//
//   node bench/llm-client-floor.mjs [requests=3000] [rounds=5] [concurrencies=64,256,512] [latencyMs=200]
//
// Rounds alternate the clients (A B C D A B C D …) and the table gives medians, because the machine is
// shared: CPU time per request is the steady figure, the fraction of C/L depends on the load.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSetup, readTranscripts } from '../dist/src/index.js';
import { buildVerdictRequest } from '../dist/graders/llm-rubric/prompt.js';
import { openaiChatParams } from '../dist/src/providers/openai-provider.js';
import { createSdkFetch } from '../dist/src/providers/sdk-fetch.js';
import { writeMockGradingProject } from './mock-grading-project.mjs';
import { startMockOpenAIProcess } from './mock-openai-server.mjs';

const CLIENTS = ['node:http', 'SDK, no network', 'SDK + Node fetch', 'SDK + tgrade fetch'];

if (process.argv[2] === '--client') await measureOne(process.argv.slice(3));
else await main(process.argv.slice(2));

async function main(args) {
  const [requests = 3000, rounds = 5] = args.slice(0, 2).map(Number);
  const concurrencies = (args[2] ?? '64,256,512').split(',').map(Number);
  const latencyMs = Number(args[3] ?? 200);
  const loadBefore = loadavg()[0];
  const results = new Map();
  for (let round = 0; round < rounds; round += 1) {
    for (const concurrency of concurrencies) {
      for (const client of CLIENTS) {
        const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--client', client, String(requests), String(concurrency), String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        const [code] = await once(child, 'exit');
        if (code !== 0) throw new Error(`${client} at C = ${concurrency} exited with ${code}`);
        const key = `${client}\t${concurrency}`;
        results.set(key, [...(results.get(key) ?? []), JSON.parse(out.trim().split('\n').at(-1))]);
      }
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  console.log(
    `client CPU per request, the requests tgrade sends (${requests} per run, L = ${latencyMs} ms), medians of ${rounds} alternating rounds; ` +
      `node ${process.version}, ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
  console.log(`| client | ${concurrencies.map((c) => `C = ${c}: client CPU ms / req | fraction of C/L | mock CPU ms / req`).join(' | ')} |`);
  console.log(`|---|${concurrencies.map(() => '---|---|---').join('|')}|`);
  for (const client of CLIENTS) {
    const cells = concurrencies.map((concurrency) => {
      const runs = results.get(`${client}\t${concurrency}`);
      const mock = client === 'SDK, no network' ? '–' : median(runs.map((run) => run.mockMs)).toFixed(2);
      return `${median(runs.map((run) => run.cpuMs)).toFixed(2)} | ${median(runs.map((run) => run.fraction)).toFixed(3)} | ${mock}`;
    });
    console.log(`| ${client} | ${cells.join(' | ')} |`);
  }
}

/** One client, one concurrency, in this process: warm up, then measure `requests` requests. */
async function measureOne([client, requestsArg, concurrencyArg, latencyArg]) {
  const [requests, concurrency, latencyMs] = [requestsArg, concurrencyArg, latencyArg].map(Number);
  const dir = await mkdtemp(join(tmpdir(), 'tgrade-client-floor-'));
  const mock = await startMockOpenAIProcess(latencyMs);
  try {
    const input = await writeMockGradingProject(dir, { transcripts: Math.min(requests, 2000), concurrency, baseURL: mock.baseURL });
    const setup = await loadSetup({ cwd: dir });
    const rubric = setup.rubrics.get('reward-tampering-reasoning');
    const bodies = [];
    for await (const item of readTranscripts(input)) {
      if (!item.ok) continue;
      const { system, messages, output } = buildVerdictRequest(rubric, item.transcript);
      bodies.push(openaiChatParams({ model: 'mock-grader', system, messages, output, maxTokens: 1024 }, 'openai-compatible'));
    }
    const send = await clientFor(client, mock.baseURL, latencyMs);
    const run = async (count) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const answer = await send(bodies[next++ % bodies.length]);
          if (!Array.isArray(answer?.choices)) throw new Error(`${client}: not a completion`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await run(Math.max(2 * concurrency, 500)); // connections opened, code optimized
    const mockBefore = (await mock.stats()).cpuMs;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await run(requests);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const mockMs = ((await mock.stats()).cpuMs - mockBefore) / requests;
    console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 / requests, fraction: requests / seconds / (concurrency / (latencyMs / 1000)), mockMs }));
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function clientFor(client, baseURL, latencyMs) {
  if (client === 'node:http') {
    const url = new URL(`${baseURL}/chat/completions`);
    const agent = new http.Agent({ keepAlive: true });
    return (params) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify(params);
        const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer not-needed' } }, (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(body);
      });
  }
  const { default: OpenAI } = await import('openai');
  let fetch;
  if (client === 'SDK + tgrade fetch') fetch = createSdkFetch();
  else if (client === 'SDK + Node fetch') fetch = globalThis.fetch;
  else {
    // The mock's answer, made here: what the SDK costs with no socket at all.
    const answer = JSON.stringify({
      id: 'chatcmpl-local',
      object: 'chat.completion',
      created: 0,
      model: 'mock-grader',
      choices: [{ index: 0, message: { role: 'assistant', content: '{"reasoning":"Synthetic.","evidence":[],"label":"honest"}', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 600, completion_tokens: 40, total_tokens: 640 },
    });
    fetch = async () => {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });
    };
  }
  const sdk = new OpenAI({ baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 30_000, fetch });
  // As the provider reads it: the raw response, then its text parsed once.
  return async (params) => JSON.parse(await (await sdk.chat.completions.create(params).asResponse()).text());
}
