// Benchmark (issue 5c): the same LLM-grading workload through `tgrade label` and through promptfoo's
// `llm-rubric` assertion, both against one local OpenAI-compatible mock with a fixed latency
// (bench/mock-openai-server.mjs, run in its own process), both at the same concurrency, no cache.
// Prints one table with each tool's throughput and the peer ratio. Run after `npm run build`:
//
//   node bench/promptfoo-peer.mjs [transcripts=2000] [concurrency=64] [latencyMs=200]
//
// promptfoo is not a dependency of this package: it is installed for the benchmark only, with
// `npm install --no-save --prefix <temp dir>` (about 1.5 GB, a minute or two), and removed after.
// Set BENCH_PROMPTFOO_PREFIX to a folder to keep (and reuse) that install. promptfoo ≥ 0.122 needs
// Node ≥ 22.22; on an older Node the bench installs 0.121.5, the last release that runs on Node 20.20
// (override with BENCH_PROMPTFOO_VERSION). If promptfoo cannot be installed or run here, the table
// says so and the bench still exits 0.
//
// The workload: N synthetic rollouts (generate-rollouts.mjs), one grading request each. tgrade sends
// its rubric prompt (llm-rubric on reward-tampering-reasoning); promptfoo gets the same transcript
// text (the user message tgrade sends) as the output to grade, with the same rubric text as its
// `llm-rubric` value, through its `echo` provider (so the only model calls are the grading ones).
// Both run as CLI child processes; wall time includes each CLI's start-up.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSetup, readTranscripts } from '../dist/src/index.js';
import { systemPrompt, transcriptMessage } from '../dist/graders/llm-rubric/prompt.js';
import { writeMockGradingProject } from './mock-grading-project.mjs';
import { startMockOpenAIProcess } from './mock-openai-server.mjs';

const [transcripts = 2000, concurrency = 64, latencyMs = 200] = process.argv.slice(2).map(Number);
const repo = fileURLToPath(new URL('..', import.meta.url));
const nodeMajor = Number(process.versions.node.split('.')[0]);
const promptfooVersion = process.env.BENCH_PROMPTFOO_VERSION ?? (nodeMajor >= 22 ? 'latest' : '0.121.5');

/** Runs a command; resolves with its exit code, output and wall time. */
async function run(command, args, options = {}) {
  const started = performance.now();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr, seconds: (performance.now() - started) / 1000 };
}


const lastLine = (text) => text.trim().split('\n').filter(Boolean).at(-1) ?? '';

const dir = await mkdtemp(join(tmpdir(), 'tgrade-peer-bench-'));
const prefix = process.env.BENCH_PROMPTFOO_PREFIX ?? join(dir, 'promptfoo');
const mock = await startMockOpenAIProcess(latencyMs);
const rows = [];
try {
  const input = await writeMockGradingProject(dir, { transcripts, concurrency, baseURL: mock.baseURL });
  const limit = concurrency / (latencyMs / 1000);

  // tgrade, as a user runs it.
  const before = (await mock.stats()).requests;
  const ours = await run(process.execPath, [join(repo, 'dist/src/cli/bin.js'), 'label', 'rollouts.jsonl', '--no-cache', '--quiet', '--json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  const ourRequests = (await mock.stats()).requests - before;
  if (ours.code !== 0) throw new Error(`tgrade failed (${ours.code}): ${lastLine(ours.stderr)}`);
  const ourSummary = JSON.parse(ours.stdout).graders.find((grader) => grader.grader === 'llm-rubric');
  rows.push(['tgrade label (llm-rubric)', ourRequests, `${ourSummary.labelled} ok / ${ourSummary.errors} errors`, ours.seconds.toFixed(2), (ourRequests / ours.seconds).toFixed(1), (ourRequests / ours.seconds / limit).toFixed(3)]);

  // promptfoo, installed for this run only.
  let peer = null;
  let why = '';
  const bin = join(prefix, 'node_modules', '.bin', 'promptfoo');
  if (!existsSync(bin)) {
    const install = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `promptfoo@${promptfooVersion}`], { env: process.env });
    if (install.code !== 0 || !existsSync(bin)) why = `npm install promptfoo@${promptfooVersion} failed: ${lastLine(install.stderr)}`;
  }
  if (why === '') {
    const setup = await loadSetup({ cwd: dir });
    const rubric = setup.rubrics.get('reward-tampering-reasoning');
    const tests = [];
    for await (const item of readTranscripts(input)) if (item.ok) tests.push({ vars: { transcript: transcriptMessage(rubric, item.transcript) } });
    await writeFile(join(dir, 'tests.json'), JSON.stringify(tests));
    await writeFile(
      join(dir, 'promptfooconfig.json'),
      JSON.stringify({
        description: 'tgrade peer benchmark (synthetic rollouts, mock grader)',
        prompts: ['{{transcript}}'],
        providers: ['echo'],
        defaultTest: {
          options: { provider: { id: 'openai:chat:mock-grader', config: { apiBaseUrl: mock.baseURL, apiKey: 'not-needed' } } },
          assert: [{ type: 'llm-rubric', value: systemPrompt(rubric) }],
        },
        tests: 'file://tests.json',
      }),
    );
    const env = {
      ...process.env,
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_CACHE_ENABLED: 'false',
      PROMPTFOO_CONFIG_DIR: join(dir, 'promptfoo-home'),
      NO_COLOR: '1',
    };
    const beforePeer = (await mock.stats()).requests;
    const result = await run(bin, ['eval', '-c', 'promptfooconfig.json', '-j', String(concurrency), '--no-cache', '--no-write', '--no-table', '--no-progress-bar', '--no-share', '-o', 'promptfoo-results.json'], { cwd: dir, env });
    const requests = (await mock.stats()).requests - beforePeer;
    if (requests === 0) {
      why = `promptfoo eval made no requests (exit ${result.code}): ${lastLine(result.stderr) || lastLine(result.stdout)}`;
    } else {
      let outcome = `exit ${result.code}`;
      try {
        const stats = JSON.parse(await readFile(join(dir, 'promptfoo-results.json'), 'utf8')).results?.stats;
        if (stats !== undefined) outcome = `${stats.successes} pass / ${stats.failures} fail / ${stats.errors ?? 0} errors`;
      } catch {
        // the counts are informative only; the request count comes from the mock
      }
      peer = { requests, seconds: result.seconds, outcome };
      rows.push([`promptfoo ${promptfooVersion} eval (llm-rubric)`, requests, outcome, result.seconds.toFixed(2), (requests / result.seconds).toFixed(1), (requests / result.seconds / limit).toFixed(3)]);
    }
  }
  console.log(
    `peer benchmark: ${transcripts} synthetic rollouts, one grading request each, mock OpenAI-compatible server (${latencyMs} ms, own process), concurrency ${concurrency}, no cache; ` +
      `node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(1)}`,
  );
  console.log('| tool | requests | verdicts | wall s | req/s | fraction of C/L |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (peer === null) console.log(`| promptfoo | not run | ${why} | | | |`);
  else console.log(`| peer ratio (tgrade req/s ÷ promptfoo req/s) | | | | ${(ourRequests / ours.seconds / (peer.requests / peer.seconds)).toFixed(2)}× | limit C/L = ${limit.toFixed(0)} req/s |`);
} catch (error) {
  console.log(`| peer benchmark | not run | ${error instanceof Error ? error.message : String(error)} | | | |`);
} finally {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
}
