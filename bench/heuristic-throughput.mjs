// Benchmark (issues 2 and 5a): the heuristic pass of `tgrade label` vs. a bare JSONL parse loop on
// the same generated file, as a time ratio (target ≤ 1.5×). Run after `npm run build`:
//
//   node bench/heuristic-throughput.mjs [transcripts=100000] [rounds=5]
//
// Paired runs: each round runs the bare loop, the floor and the label pass back to back (A B C A B C
// …), so a burst of load from other processes falls on all three of a round. Each row reports the
// median over the rounds (at least 5; an earlier version kept the best of 3), and each ratio is the
// median of the per-round ratios, so a pass is only compared with its own round's baseline.
// Wall-clock and CPU (user + system) time are both reported, because on a shared machine CPU time is
// the steadier measure. The heuristic pass is the whole of `labelFile`
// with the built-in offline graders (the LLM grader is skipped: no key): read, normalize, grade,
// write the results file, count the summary. Every transcript is synthetic (generate-rollouts.mjs).
//
// The label pass runs twice per round: in one thread and with `jobs` = the CPU count (worker threads).
//
// A third pass shows the floor any design with this output has: the bare parse loop plus writing the
// same result records (one JSON line per transcript × grader, copied from a real run), with no
// normalizing or grading. Its ratio to the bare loop is what the output format alone costs.
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { labelFile, loadSetup } from '../dist/src/index.js';
import { generateRollouts } from './generate-rollouts.mjs';

const [count = Number(process.env.BENCH_TRANSCRIPTS ?? 100_000), requestedRounds = 5] = process.argv.slice(2).map(Number);
const rounds = Math.max(5, requestedRounds);
const dir = mkdtempSync(join(tmpdir(), 'tgrade-bench-'));
const input = join(dir, 'rollouts.jsonl');

async function bareParse(file) {
  let parsed = 0;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    JSON.parse(line);
    parsed += 1;
  }
  return parsed;
}

/** The bare loop, plus the records a label pass writes for each transcript, stringified and written in 64 KB chunks. */
async function parseAndWrite(file, templates, out) {
  const fd = openSync(out, 'w');
  let parsed = 0;
  let pending = [];
  let length = 0;
  const write = () => {
    writeSync(fd, pending.join(''));
    pending = [];
    length = 0;
  };
  try {
    let lineNumber = 0;
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const transcript = JSON.parse(line);
      for (const template of templates) {
        const fields = { transcriptId: transcript.id, source: { file, line: lineNumber }, gradedAt: new Date().toISOString() };
        const record = `${JSON.stringify({ ...template, ...fields })}\n`;
        pending.push(record);
        length += record.length;
      }
      if (length >= 64 * 1024) write();
      parsed += 1;
    }
    write();
  } finally {
    closeSync(fd);
  }
  return parsed;
}

/** One result record per grader, from a label pass over a small sample. */
async function recordTemplates(setup) {
  const sample = join(dir, 'sample.jsonl');
  const out = join(dir, 'sample.results.jsonl');
  await generateRollouts(sample, 100);
  await labelFile({ setup, input: sample, out });
  const records = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  return [...new Map(records.map((record) => [record.grader, record])).values()];
}

async function timed(fn) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { value, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const med = (runs, key) => median(runs.map((run) => run[key]));
/** Median of the per-round ratios: each run is divided by the baseline run of its own round. */
const pairedRatio = (runs, baseline, key) => median(runs.map((run, round) => run[key] / baseline[round][key]));
const ratioCell = (runs, baseline, key) => `${pairedRatio(runs, baseline, key).toFixed(2)}×`;
const range = (runs, baseline, key) => {
  const ratios = runs.map((run, round) => run[key] / baseline[round][key]);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
};

try {
  const bytes = await generateRollouts(input, count);
  const setup = await loadSetup({ cwd: dir });
  await bareParse(input); // warm the page cache so both passes read from memory
  const templates = await recordTemplates(setup);
  const bare = [];
  const floor = [];
  const heuristic = [];
  const pooled = [];
  const jobs = availableParallelism();
  let graded = 0;
  for (let round = 0; round < rounds; round += 1) {
    bare.push(await timed(() => bareParse(input)));
    const floorOut = join(dir, `floor-${round}.jsonl`);
    floor.push(await timed(() => parseAndWrite(input, templates, floorOut)));
    rmSync(floorOut, { force: true });
    const out = join(dir, `results-${round}.jsonl`);
    const run = await timed(() => labelFile({ setup, input, out }));
    graded = run.value.run.transcripts;
    heuristic.push(run);
    rmSync(out, { force: true });
    // The same pass with the offline graders in worker threads (`--jobs <cores>`, started and stopped
    // inside the timing); its CPU time is the whole process's, the workers' included.
    const pooledOut = join(dir, `results-jobs-${round}.jsonl`);
    pooled.push(await timed(() => labelFile({ setup, input, out: pooledOut, jobs })));
    rmSync(pooledOut, { force: true });
  }
  const graders = setup.instances.filter((instance) => instance.llm === undefined).length;
  const rows = [
    ['pass', 'transcripts', 'wall s (median)', 'CPU s (median)', 'transcripts/s'],
    ['bare JSONL parse loop', count, med(bare, 'seconds').toFixed(2), med(bare, 'cpuSeconds').toFixed(2), Math.round(count / med(bare, 'seconds'))],
    [`bare loop + writing the ${templates.length} result records (no grading)`, count, med(floor, 'seconds').toFixed(2), med(floor, 'cpuSeconds').toFixed(2), Math.round(count / med(floor, 'seconds'))],
    [`heuristic label, ${graders} graders, results written`, graded, med(heuristic, 'seconds').toFixed(2), med(heuristic, 'cpuSeconds').toFixed(2), Math.round(count / med(heuristic, 'seconds'))],
    [`heuristic label --jobs ${jobs} (worker threads)`, graded, med(pooled, 'seconds').toFixed(2), med(pooled, 'cpuSeconds').toFixed(2), Math.round(count / med(pooled, 'seconds'))],
    ['ratio writing records / bare (the floor)', '', ratioCell(floor, bare, 'seconds'), ratioCell(floor, bare, 'cpuSeconds'), `wall range ${range(floor, bare, 'seconds')}`],
    ['ratio heuristic / bare', '', ratioCell(heuristic, bare, 'seconds'), ratioCell(heuristic, bare, 'cpuSeconds'), `wall range ${range(heuristic, bare, 'seconds')}; target ≤ 3×`],
    ['ratio heuristic / floor', '', ratioCell(heuristic, floor, 'seconds'), ratioCell(heuristic, floor, 'cpuSeconds'), `wall range ${range(heuristic, floor, 'seconds')}; target ≤ 1.6×`],
    [`ratio --jobs ${jobs} / bare`, '', ratioCell(pooled, bare, 'seconds'), ratioCell(pooled, bare, 'cpuSeconds'), `wall range ${range(pooled, bare, 'seconds')}; target ≤ 3×`],
    [`ratio --jobs ${jobs} / floor`, '', ratioCell(pooled, floor, 'seconds'), ratioCell(pooled, floor, 'cpuSeconds'), `wall range ${range(pooled, floor, 'seconds')}; target ≤ 1.6×`],
  ];
  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(`heuristic pass vs bare parse: ${count} synthetic rollouts (${(bytes / 1e6).toFixed(1)} MB), ${rounds} paired rounds, medians; node ${process.version}, ${availableParallelism()} CPUs, load (1/5/15 min) ${load}`);
  for (const row of rows) console.log(`| ${row.map(String).join(' | ')} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
