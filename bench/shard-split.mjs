// Benchmark (issue 17, item 3): what sharding a label run costs. Runs `labelFile` with the built-in
// offline graders over one generated file unsharded and as each of n shards (`--shard i/n`), then
// `mergeShardResults`, alternately (unsharded, the n shards, merge; A B A B …) for `rounds` rounds,
// and prints medians of wall and CPU (user + system) time. Run after `npm run build`:
//
//   node bench/shard-split.mjs [transcripts=20000] [shards=4] [rounds=5]
//
// Every shard still reads and parses the whole input (and hashes it once, SHA-256) while it
// normalizes and grades only its share, so a shard costs more than 1/n of the unsharded run: the
// table gives that overhead, the speed-up n machines would get (unsharded / slowest shard), and the
// merge's time. It also checks that the merge holds exactly the transcript × grader pairs of the
// unsharded run. Every transcript is synthetic (generate-rollouts.mjs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelFile, loadSetup, mergeShardResults } from '../dist/src/index.js';
import { generateRollouts } from './generate-rollouts.mjs';

const [count = 20_000, shards = 4, rounds = 5] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'tgrade-bench-shard-'));
const input = join(dir, 'rollouts.jsonl');

async function timed(run) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const value = await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { value, wallMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function pairsOf(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const record = JSON.parse(line);
    return `${record.transcriptId}\t${record.grader}`;
  });
}

try {
  const bytes = await generateRollouts(input, count);
  const setup = await loadSetup({ cwd: dir });
  const unsharded = [];
  const perShard = Array.from({ length: shards }, () => []);
  const merges = [];
  let exact = true;
  for (let round = 0; round < rounds; round += 1) {
    const whole = join(dir, 'whole.jsonl');
    unsharded.push(await timed(() => labelFile({ setup, input, out: whole })));
    const files = [];
    for (let index = 1; index <= shards; index += 1) {
      const out = join(dir, `shard-${index}.jsonl`);
      perShard[index - 1].push(await timed(() => labelFile({ setup, input, out, shard: { index, count: shards } })));
      files.push(out);
    }
    const merged = join(dir, 'merged.jsonl');
    merges.push(await timed(() => mergeShardResults({ inputs: files, out: merged })));
    const wholePairs = new Set(pairsOf(whole));
    const mergedPairs = pairsOf(merged);
    exact &&= mergedPairs.length === wholePairs.size && new Set(mergedPairs).size === mergedPairs.length && mergedPairs.every((pair) => wholePairs.has(pair));
    for (const file of [whole, merged, ...files]) {
      rmSync(file, { force: true });
      rmSync(`${file}.shard.json`, { force: true });
    }
  }
  const wall = (runs) => median(runs.map((run) => run.wallMs));
  const cpu = (runs) => median(runs.map((run) => run.cpuMs));
  const shardWalls = perShard.map(wall);
  const shardCpus = perShard.map(cpu);
  const sumCpu = shardCpus.reduce((a, b) => a + b, 0);
  console.log(`sharded label pass: ${count} synthetic rollouts (${(bytes / 1e6).toFixed(1)} MB), ${shards} shards, median of ${rounds} alternating rounds; node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(1)}`);
  console.log('| pass | wall ms (median) | CPU ms (median) |');
  console.log('|---|---|---|');
  console.log(`| unsharded | ${wall(unsharded).toFixed(0)} | ${cpu(unsharded).toFixed(0)} |`);
  shardWalls.forEach((ms, at) => console.log(`| shard ${at + 1}/${shards} (${perShard[at][0].value.run.transcripts} transcripts) | ${ms.toFixed(0)} | ${shardCpus[at].toFixed(0)} |`));
  console.log(`| merge (${merges[0].value.records} records) | ${wall(merges).toFixed(0)} | ${cpu(merges).toFixed(0)} |`);
  console.log(`all shards' CPU / unsharded CPU: ${(sumCpu / cpu(unsharded)).toFixed(2)}× (1.00× would be free sharding)`);
  console.log(`speed-up on ${shards} machines (unsharded wall / slowest shard wall): ${(wall(unsharded) / Math.max(...shardWalls)).toFixed(2)}× (ideal ${shards}×)`);
  console.log(`merge holds exactly the unsharded run's transcript × grader pairs, each once: ${exact ? 'yes' : 'NO'}`);
  if (!exact) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
