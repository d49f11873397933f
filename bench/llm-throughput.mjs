// LLM grading throughput against a local OpenAI-compatible mock with a fixed latency.
// With C requests in flight and L seconds per request no client can beat C / L requests per second
// (Little's law); the benchmark reports how close `labelFile` gets: C = 64, L = 0.2 s → 320 req/s.
//
//   npm run build && node bench/llm-throughput.mjs [transcripts=6000] [concurrency=64] [latencyMs=200] [--in-process]
//
// Two figures: the whole run (start-up included: the SDK's import, the first connections, V8
// warming up, and the last round, when fewer than C requests are left), and the steady state, the
// rate between the 1,000th verdict and the one C before the last.
//
// The mock runs in its own process (so its CPU is not charged to the client's event loop) unless
// --in-process is given. Everything graded is synthetic (bench/generate-rollouts.mjs); every verdict
// comes from the mock. The figure depends on the machine and its load, printed with it.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelFile, loadSetup } from '../dist/src/index.js';
// Not on the public entry (yet): the factory `tgrade label` uses to give LLM graders their provider.
import { createLlmFactory } from '../dist/src/providers/llm-for-instance.js';
import { writeMockGradingProject } from './mock-grading-project.mjs';
import { startMockOpenAIProcess, startMockOpenAIServer } from './mock-openai-server.mjs';

const inProcess = process.argv.includes('--in-process');
const [transcripts = 6000, concurrency = 64, latencyMs = 200] = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith('--'))
  .map(Number);


async function startMock() {
  if (!inProcess) return startMockOpenAIProcess(latencyMs);
  const mock = await startMockOpenAIServer({ latencyMs });
  return { baseURL: mock.baseURL, stats: async () => ({ ...mock.stats }), close: mock.close };
}

const dir = await mkdtemp(join(tmpdir(), 'tgrade-llm-bench-'));
const mock = await startMock();
try {
  const input = await writeMockGradingProject(dir, { transcripts, concurrency, baseURL: mock.baseURL });

  const setup = await loadSetup({ cwd: dir });
  const llmFor = createLlmFactory({ config: setup.config, baseDir: setup.baseDir, env: {}, noCache: true });
  const loadBefore = loadavg()[0];
  const mockCpuBefore = (await mock.stats()).cpuMs;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const verdictTimes = [];
  const result = await labelFile({ setup, input, out: join(dir, 'results.jsonl'), llmFor, onRecord: () => verdictTimes.push(performance.now()) });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, transcripts);
  const stats = await mock.stats();

  const summary = result.summaries.find((grader) => grader.grader === 'llm-rubric');
  const limit = concurrency / (latencyMs / 1000);
  const perSecond = stats.requests / seconds;
  const [from, to] = [Math.min(1000, Math.floor(verdictTimes.length / 3)), verdictTimes.length - 1 - concurrency];
  const steadyPerSecond = to > from ? ((to - from) * 1000) / (verdictTimes[to] - verdictTimes[from]) : Number.NaN;
  const rows = [
    ['transcripts', String(transcripts)],
    ['requests', String(stats.requests)],
    ['verdicts ok / errors', `${summary?.labelled ?? 0} / ${summary?.errors ?? 0}`],
    ['max in flight (server)', String(stats.maxInFlight)],
    // About C when the client keeps its connections alive (plus one for each /stats call).
    ['connections opened (server)', stats.connections === undefined ? 'not counted' : String(stats.connections)],
    ['seconds', seconds.toFixed(2)],
    ['req/s', perSecond.toFixed(1)],
    [`limit C/L (${concurrency} / ${latencyMs / 1000} s)`, limit.toFixed(0)],
    ['fraction of limit, whole run', (perSecond / limit).toFixed(3)],
    [`fraction of limit, steady state (verdicts ${from + 1}–${to + 1})`, `${(steadyPerSecond / limit).toFixed(3)} (target ≥ 0.9)`],
    // The client's own cost: on an idle machine one event loop cannot go faster than 1000 / this.
    ['client CPU ms / transcript', cpuMsPerRequest.toFixed(2)],
    // On 2 cores the mock takes its share of the machine: its CPU over the run, per request.
    ['mock CPU ms / request', stats.cpuMs === undefined ? 'not measured (in process)' : ((stats.cpuMs - mockCpuBefore) / Math.max(1, stats.requests)).toFixed(2)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(
    `llm-rubric via openai-compatible, no cache; mock ${inProcess ? 'in process' : 'in a child process'}; node ${process.version}, ` +
      `${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
  if ((summary?.errors ?? 0) > 0) process.exitCode = 1;
} finally {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
}
