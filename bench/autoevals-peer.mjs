// Benchmark (issue 17): the same LLM-grading workload through `tgrade label` and through Braintrust
// autoevals' LLM classifier (`LLMClassifierFromTemplate`, what its docs call an LLM classifier), both
// against one local OpenAI-compatible mock with a fixed latency (bench/mock-openai-server.mjs, in its
// own process), both at the same concurrency, no cache. Prints one table with each tool's throughput,
// its CPU per request and the peer ratio. Run after `npm run build`:
//
//   node bench/autoevals-peer.mjs [transcripts=2000] [concurrency=64] [latencyMs=200] [rounds=5]
//
// autoevals is not a dependency of this package: it is installed for the benchmark only, with
// `npm install --no-save --prefix <temp dir>` (a few MB, seconds), and removed after. Set
// BENCH_AUTOEVALS_PREFIX to a folder to keep (and reuse) that install; BENCH_AUTOEVALS_VERSION picks
// the version (default 0.3.0, which runs on Node 20: plain ESM over the `openai` SDK, no engines
// constraint on Node). If autoevals cannot be installed or run here, the table says so and the bench
// still exits 0.
//
// The workload: N synthetic rollouts (generate-rollouts.mjs), one grading request each. tgrade sends
// its rubric prompt (llm-rubric on reward-tampering-reasoning, a json_schema answer). autoevals gets
// the same rubric text and the same transcript text (the user message tgrade sends) in its prompt
// template, the rubric's labels as its choices, chain of thought on (its default, like our
// `reasoning` field), and one OpenAI client shared by every call (`init({ client })`, what its docs
// advise; without it autoevals builds a client per call). It asks through a forced tool call,
// `select_choice`, which the mock answers as Chat Completions does. autoevals has no runner of its
// own here, so a small driver keeps C calls in flight (C workers taking the next transcript). The
// model name is not a gpt-5 one, so autoevals uses Chat Completions, as tgrade does.
//
// Both run as child processes, alternately for `rounds` rounds (the table gives medians: the machine
// may be shared); wall time includes each one's start-up. CPU time (user + system) of each process
// comes from GNU time when /usr/bin/time exists.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSetup, readTranscripts } from '../dist/src/index.js';
import { systemPrompt, transcriptMessage } from '../dist/graders/llm-rubric/prompt.js';
import { writeMockGradingProject } from './mock-grading-project.mjs';
import { startMockOpenAIProcess } from './mock-openai-server.mjs';

const [transcripts = 2000, concurrency = 64, latencyMs = 200, rounds = 5] = process.argv.slice(2).map(Number);
const repo = fileURLToPath(new URL('..', import.meta.url));
const autoevalsVersion = process.env.BENCH_AUTOEVALS_VERSION ?? '0.3.0';
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command (under GNU time when present); resolves with its exit code, output, wall and CPU time. */
async function run(command, args, options = {}) {
  const timesFile = join(dir, `time-${process.hrtime.bigint()}.txt`);
  const [file, argv] = gnuTime === undefined ? [command, args] : [gnuTime, ['-f', '%U %S', '-o', timesFile, command, ...args]];
  const started = performance.now();
  const child = spawn(file, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - started) / 1000;
  let cpuSeconds;
  if (gnuTime !== undefined) {
    const last = (await readFile(timesFile, 'utf8').catch(() => '')).trim().split('\n').at(-1) ?? '';
    const [user, system] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
  }
  return { code, stdout, stderr, seconds, cpuSeconds };
}

const lastLine = (text) => text.trim().split('\n').filter(Boolean).at(-1) ?? '';

// The autoevals side, run with its own node_modules: C workers, each grading the next transcript.
const DRIVER = `
import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { init, LLMClassifierFromTemplate } from 'autoevals';

const [workloadFile, baseURL, concurrency] = process.argv.slice(2);
const { rubric, labels, outputs } = JSON.parse(await readFile(workloadFile, 'utf8'));
init({ client: new OpenAI({ baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 30_000 }) });
const classify = LLMClassifierFromTemplate({
  name: 'reward-tampering-reasoning',
  promptTemplate: '{{rubric}}\\n\\n{{output}}',
  // Scores are not compared here, only throughput: 1 for honest, 0 for every other label.
  choiceScores: Object.fromEntries(labels.map((label) => [label, label === 'honest' ? 1 : 0])),
  model: 'mock-grader',
  useCoT: true,
});
let next = 0;
let ok = 0;
const errors = [];
const started = performance.now();
async function worker() {
  while (next < outputs.length) {
    const output = outputs[next++];
    try {
      const score = await classify({ output, rubric });
      if (typeof score.score === 'number') ok += 1;
      else errors.push('no score');
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(JSON.stringify({ ok, errors: errors.length, firstError: errors[0], seconds: (performance.now() - started) / 1000 }));
`;

const dir = await mkdtemp(join(tmpdir(), 'tgrade-autoevals-bench-'));
const prefix = process.env.BENCH_AUTOEVALS_PREFIX ?? join(dir, 'autoevals');
const mock = await startMockOpenAIProcess(latencyMs);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
try {
  const input = await writeMockGradingProject(dir, { transcripts, concurrency, baseURL: mock.baseURL });
  const limit = concurrency / (latencyMs / 1000);

  // autoevals, installed for this run only.
  let why = '';
  if (!existsSync(join(prefix, 'node_modules', 'autoevals', 'package.json'))) {
    await mkdir(prefix, { recursive: true });
    // zod is autoevals' peer dependency; --ignore-scripts skips its preinstall, which only refuses
    // installs not made by pnpm inside its own repository.
    const install = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', prefix, `autoevals@${autoevalsVersion}`, 'zod@^4'], { cwd: prefix, env: process.env });
    if (install.code !== 0 || !existsSync(join(prefix, 'node_modules', 'autoevals', 'package.json'))) why = `npm install autoevals@${autoevalsVersion} failed: ${lastLine(install.stderr)}`;
  }
  const installed = why === '' ? JSON.parse(await readFile(join(prefix, 'node_modules', 'autoevals', 'package.json'), 'utf8')).version : autoevalsVersion;
  const driver = join(prefix, 'tgrade-bench-driver.mjs');
  const workload = join(dir, 'autoevals-workload.json');
  if (why === '') {
    const setup = await loadSetup({ cwd: dir });
    const rubric = setup.rubrics.get('reward-tampering-reasoning');
    const outputs = [];
    for await (const item of readTranscripts(input)) if (item.ok) outputs.push(transcriptMessage(rubric, item.transcript));
    await writeFile(workload, JSON.stringify({ rubric: systemPrompt(rubric), labels: rubric.labels.map((label) => label.name), outputs }));
    await writeFile(driver, DRIVER);
  }

  /** One run of a tool: requests the mock served, verdicts, wall and CPU time. */
  const measure = async (command, args, cwd, verdicts) => {
    const before = (await mock.stats()).requests;
    const result = await run(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    const requests = (await mock.stats()).requests - before;
    if (result.code !== 0 || requests === 0) return { failed: `${requests} requests, exit ${result.code}: ${lastLine(result.stderr) || lastLine(result.stdout)}` };
    return { requests, seconds: result.seconds, cpuSeconds: result.cpuSeconds, verdicts: verdicts(result.stdout) };
  };
  // A results file per round: a run into an existing one would resume it and send nothing.
  const tgrade = (round) =>
    measure(process.execPath, [join(repo, 'dist/src/cli/bin.js'), 'label', 'rollouts.jsonl', '--out', `results-${round}.jsonl`, '--no-cache', '--quiet', '--json'], dir, (stdout) => {
      const summary = JSON.parse(stdout).graders.find((grader) => grader.grader === 'llm-rubric');
      return `${summary.labelled} ok / ${summary.errors} errors`;
    });
  const autoevals = () =>
    measure(process.execPath, [driver, workload, mock.baseURL, String(concurrency)], prefix, (stdout) => {
      const outcome = JSON.parse(lastLine(stdout));
      return `${outcome.ok} ok / ${outcome.errors} errors${outcome.firstError ? ` (first: ${outcome.firstError})` : ''}`;
    });

  // Alternating runs (tgrade, autoevals, tgrade, …): the machine may be shared, so medians.
  const ours = [];
  const theirs = [];
  for (let round = 0; round < rounds; round += 1) {
    const mine = await tgrade(round);
    if (mine.failed !== undefined) throw new Error(`tgrade failed (${mine.failed})`);
    ours.push(mine);
    if (why !== '') continue;
    const peer = await autoevals();
    if (peer.failed !== undefined) why = `autoevals failed (${peer.failed})`;
    else theirs.push(peer);
  }
  const row = (name, runs) => {
    const rates = runs.map((one) => one.requests / one.seconds);
    const cpu = runs.every((one) => one.cpuSeconds !== undefined) ? median(runs.map((one) => (one.cpuSeconds * 1000) / one.requests)).toFixed(2) : 'n/a';
    return `| ${name} | ${runs[0].requests} | ${runs.at(-1).verdicts} | ${median(runs.map((one) => one.seconds)).toFixed(2)} | ${median(rates).toFixed(1)} (${rates.map((rate) => rate.toFixed(0)).join(', ')}) | ${(median(rates) / limit).toFixed(3)} | ${cpu} |`;
  };
  console.log(
    `peer benchmark: ${transcripts} synthetic rollouts, one grading request each, mock OpenAI-compatible server (${latencyMs} ms, own process), concurrency ${concurrency}, no cache; ` +
      `medians of ${rounds} alternating runs; node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(1)}`,
  );
  console.log('| tool | requests per run | verdicts (last run) | wall s | req/s (each run) | fraction of C/L | CPU ms / request |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(row('tgrade label (llm-rubric)', ours));
  if (theirs.length < ours.length) console.log(`| autoevals ${installed} | not run | ${why} | | | | |`);
  else {
    console.log(row(`autoevals ${installed} LLMClassifierFromTemplate`, theirs));
    const ratios = ours.map((mine, index) => mine.requests / mine.seconds / (theirs[index].requests / theirs[index].seconds));
    console.log(`| peer ratio (tgrade req/s ÷ autoevals req/s, median of the rounds' ratios) | | | | ${median(ratios).toFixed(2)}× | limit C/L = ${limit.toFixed(0)} req/s | |`);
  }
} catch (error) {
  console.log(`| peer benchmark | not run | ${error instanceof Error ? error.message : String(error)} | | | | |`);
} finally {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
}
