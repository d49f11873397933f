// Benchmark (issues 2 and 5a): the heuristic pass of `tgrade label` vs. a bare JSONL parse loop on
// the same generated file. Reports the time ratio (target ≤ 1.5×). Run after `npm run build`.
import { mkdtempSync, rmSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelFile, loadSetup } from '../dist/src/index.js';
import { generateRollouts } from './generate-rollouts.mjs';

const count = Number(process.env.BENCH_TRANSCRIPTS ?? 100_000);
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

async function timed(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

try {
  const bytes = await generateRollouts(input, count);
  const setup = await loadSetup({ cwd: dir });
  await bareParse(input); // warm the page cache so both passes read from memory
  const bare = await timed(() => bareParse(input));
  const heuristic = await timed(() => labelFile({ setup, input, out: join(dir, 'results.jsonl') }));
  const graders = setup.instances.length;
  const rows = [
    ['pass', 'transcripts', 'seconds', 'transcripts/s'],
    ['bare JSONL parse loop', bare.value, bare.seconds.toFixed(2), Math.round(bare.value / bare.seconds)],
    [`heuristic label (${graders} graders, results written)`, heuristic.value.run.transcripts, heuristic.seconds.toFixed(2), Math.round(count / heuristic.seconds)],
  ];
  console.log(`input: ${count} generated rollouts, ${(bytes / 1e6).toFixed(1)} MB`);
  for (const row of rows) console.log(`| ${row.map(String).join(' | ')} |`);
  console.log(`ratio heuristic / bare = ${(heuristic.seconds / bare.seconds).toFixed(2)}× (target ≤ 1.5×)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
