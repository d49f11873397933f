// Benchmark (issue 5d): peak RSS of the heuristic label pass must not grow with the input. Generates
// ~10 MB, ~100 MB and ~1 GB rollouts files (synthetic, generate-rollouts.mjs) in a temp folder,
// labels each in its own child process and reads that child's peak RSS
// (`process.resourceUsage().maxRSS` at exit), then prints one table; target: the 1 GB run within
// 50 MB of the 10 MB run. The middle size shows where the peak levels off: a run long enough to
// need V8's major collections gets the old-generation headroom V8 sizes from the live heap. Run
// after `npm run build`:
//
//   node bench/memory.mjs [smallMB=10] [largeMB=1000] [middleMB=100]
//
// The 1 GB file takes ~1 GB of disk (plus ~0.7 GB of results) and a few minutes; both are deleted
// at the end. The resume index (one hash entry per transcript, see src/store/resume-index.ts) is
// the one structure allowed to grow; its size is measured on its own and shown beside the peaks.
//
// Each size runs twice: with Node's defaults, and with V8's old generation capped at 64 MB
// (`--max-old-space-size=64`). The cap shows what is live: the defaults let garbage pile up to
// V8's first collection threshold (~100 MB of heap) on any run long enough to reach it, which a
// 10 MB run is not; with the cap, a run that held more than 64 MB live would die, not slow down.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRollouts } from './generate-rollouts.mjs';

const CHILD = process.argv[2] === '--child';

if (CHILD) {
  // One label pass; prints its figures as one JSON line.
  const [, , , mode, input, out, cwd] = process.argv;
  const started = performance.now();
  if (mode === 'label') {
    const { labelFile, loadSetup } = await import('../dist/src/index.js');
    const setup = await loadSetup({ cwd });
    const result = await labelFile({ setup, input, out });
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ transcripts: result.run.transcripts, seconds, maxRssKb: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed }));
  } else {
    // The resume index alone, filled as a run over `input` transcripts × 2 graders would fill it.
    const { ResumeIndex } = await import('../dist/src/store/resume-index.js');
    const transcripts = Number(input);
    const index = new ResumeIndex();
    for (let id = 0; id < transcripts; id += 1) {
      index.record(`bench-${id}`, 'reward-tampering-actions', 'ok', 'none');
      index.record(`bench-${id}`, 'reward-tampering-reasoning-phrases', 'abstain', null);
    }
    console.log(JSON.stringify({ transcripts, indexBytes: index.bytes }));
  }
} else {
  const [smallMb = 10, largeMb = 1000, middleMb = 100] = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'tgrade-memory-'));
  const self = fileURLToPath(import.meta.url);
  const child = async (flags, ...args) => {
    const process_ = spawn(process.execPath, [...flags, self, '--child', ...args.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    process_.stdout.on('data', (chunk) => (text += chunk));
    const [code] = await once(process_, 'exit');
    if (code !== 0) throw new Error(`child ${args.join(' ')} exited with ${code}`);
    return JSON.parse(text.trim().split('\n').at(-1));
  };
  try {
    writeFileSync(join(dir, 'package.json'), '{"private": true}');
    // About 870 bytes a record with the generator's defaults; measured below, not assumed.
    const sizes = [
      ['small', smallMb],
      ['middle', middleMb],
      ['large', largeMb],
    ];
    const configs = [
      ['Node defaults', []],
      ['old space ≤ 64 MB', ['--max-old-space-size=64']],
    ];
    const rows = [];
    for (const [name, mb] of sizes) {
      const input = join(dir, `${name}.jsonl`);
      const out = join(dir, `${name}.results.jsonl`);
      const count = Math.round((mb * 1e6) / 870);
      await generateRollouts(input, count);
      const inputBytes = statSync(input).size;
      const index = await child([], 'index', Math.round(count), '-', dir);
      for (const [config, flags] of configs) {
        const run = await child(flags, 'label', input, out, dir);
        rows.push({ name, config, inputBytes, resultsBytes: statSync(out).size, ...run, indexBytes: index.indexBytes });
        rmSync(out, { force: true });
      }
      rmSync(input, { force: true });
    }
    const mb = (bytes) => (bytes / 1e6).toFixed(1);
    const signed = (bytes) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
    const table = [
      ['input', 'transcripts', 'V8', 'seconds', 'peak RSS MB', 'resume index MB'],
      ...rows.map((row) => [`${mb(row.inputBytes)} MB`, row.transcripts, row.config, row.seconds.toFixed(1), mb(row.maxRssKb * 1024), mb(row.indexBytes)]),
    ];
    console.log(`peak RSS of the heuristic label pass (one child process each); node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(1)}`);
    for (const row of table) console.log(`| ${row.map(String).join(' | ')} |`);
    for (const [config] of configs) {
      const [small, middle, large] = ['small', 'middle', 'large'].map((name) => rows.find((row) => row.name === name && row.config === config));
      console.log(
        `| growth ${mb(small.inputBytes)} → ${mb(large.inputBytes)} MB | | ${config} | | ${signed((large.maxRssKb - small.maxRssKb) * 1024)} MB (target ≤ 50; ${mb(middle.inputBytes)} → ${mb(large.inputBytes)} MB: ${signed((large.maxRssKb - middle.maxRssKb) * 1024)}) | ${signed(large.indexBytes - small.indexBytes)} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
