// Benchmark (issue 5d): peak RSS of the heuristic label pass must not grow with the input. Generates
// ~10 MB, ~100 MB and ~1 GB rollouts files (synthetic, generate-rollouts.mjs) in a temp folder,
// labels each with the real CLI (`tgrade label <file> --out <results> --json`, its progress as plain
// lines on a pipe) in its own process, reads that process's peak RSS
// (`process.resourceUsage().maxRSS` at exit, through the preload peak-rss-at-exit.mjs), then prints
// one table; target: the 1 GB run within 50 MB of the 10 MB run. The middle size shows where the
// peak levels off. Run after `npm run build`:
//
//   node bench/memory.mjs [smallMB=10] [largeMB=1000] [middleMB=100]
//
// The 1 GB file takes ~1 GB of disk (plus ~0.7 GB of results) and a few minutes; both are deleted
// at the end. The resume index (one hash entry per transcript, see src/store/resume-index.ts) is
// the one structure allowed to grow; its size is measured on its own and shown beside the peaks.
//
// Each size runs three times: with `--jobs <CPU count>` (worker threads; issue 17), with Node's defaults, and with V8's old generation capped at 64 MB
// (`--max-old-space-size=64`). The cap shows what is live: the defaults let garbage pile up to
// V8's first collection threshold on any run long enough to reach it, which a 10 MB run is not;
// with the cap, a run that held more than 64 MB live would die, not slow down.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRollouts } from './generate-rollouts.mjs';

const CHILD = process.argv[2] === '--child';

if (CHILD) {
  // The resume index alone, filled as a run over `transcripts` transcripts × 2 graders would fill it.
  const { ResumeIndex } = await import('../dist/src/store/resume-index.js');
  const transcripts = Number(process.argv[3]);
  const index = new ResumeIndex();
  for (let id = 0; id < transcripts; id += 1) {
    index.record(`bench-${id}`, 'reward-tampering-actions', 'ok', 'none');
    index.record(`bench-${id}`, 'reward-tampering-reasoning-phrases', 'abstain', null);
  }
  console.log(JSON.stringify({ transcripts, indexBytes: index.bytes }));
} else {
  const [smallMb = 10, largeMb = 1000, middleMb = 100] = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'tgrade-memory-'));
  const self = fileURLToPath(import.meta.url);
  const run = async (args, env = {}) => {
    // stderr is a pipe, as in CI: the CLI's progress is plain lines, kept to explain a failure.
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let errors = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (errors = `${errors}${chunk}`.slice(-4000)));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}: ${errors}`);
    return text;
  };
  const indexOf = async (transcripts) => JSON.parse(await run([self, '--child', String(transcripts)]));
  const cli = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
  const preload = new URL('./peak-rss-at-exit.mjs', import.meta.url).href;
  const label = async (flags, input, out, cliFlags = []) => {
    const figures = join(dir, 'peak-rss.json');
    const started = performance.now();
    const summary = JSON.parse(await run([...flags, '--import', preload, cli, 'label', input, '--out', out, '--json', ...cliFlags], { BENCH_PEAK_RSS_FILE: figures }));
    const seconds = (performance.now() - started) / 1000;
    return { transcripts: summary.transcripts, seconds, ...JSON.parse(readFileSync(figures, 'utf8')) };
  };
  try {
    writeFileSync(join(dir, 'package.json'), '{"private": true}');
    // About 870 bytes a record with the generator's defaults; measured below, not assumed.
    const sizes = [
      ['small', smallMb],
      ['middle', middleMb],
      ['large', largeMb],
    ];
    // Issue 17: the worker threads of `--jobs` (one per CPU) each cost their own heap; the process's
    // peak RSS over the one-thread run, per worker, is printed below the table.
    const jobs = availableParallelism();
    const configs = [
      // One thread: `--jobs 1`, since the default (auto) starts workers for inputs of 32 MB and more.
      ['Node defaults', [], ['--jobs', '1']],
      ['old space ≤ 64 MB', ['--max-old-space-size=64'], ['--jobs', '1']],
      [`Node defaults, --jobs ${jobs}`, [], ['--jobs', String(jobs)]],
    ];
    const rows = [];
    for (const [name, mb] of sizes) {
      const input = join(dir, `${name}.jsonl`);
      const out = join(dir, `${name}.results.jsonl`);
      const count = Math.round((mb * 1e6) / 870);
      await generateRollouts(input, count);
      const inputBytes = statSync(input).size;
      const index = await indexOf(count);
      for (const [config, flags, cliFlags] of configs) {
        const measured = await label(flags, input, out, cliFlags);
        rows.push({ name, config, inputBytes, resultsBytes: statSync(out).size, ...measured, indexBytes: index.indexBytes });
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
    console.log(`peak RSS of \`tgrade label\` with the heuristic graders (one process each); node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(1)}`);
    for (const row of table) console.log(`| ${row.map(String).join(' | ')} |`);
    for (const [config] of configs) {
      const [small, middle, large] = ['small', 'middle', 'large'].map((name) => rows.find((row) => row.name === name && row.config === config));
      console.log(
        `| growth ${mb(small.inputBytes)} → ${mb(large.inputBytes)} MB | | ${config} | | ${signed((large.maxRssKb - small.maxRssKb) * 1024)} MB (target ≤ 50; ${mb(middle.inputBytes)} → ${mb(large.inputBytes)} MB: ${signed((large.maxRssKb - middle.maxRssKb) * 1024)}) | ${signed(large.indexBytes - small.indexBytes)} |`,
      );
    }
    for (const name of ['small', 'middle', 'large']) {
      const one = rows.find((row) => row.name === name && row.config === 'Node defaults');
      const pooled = rows.find((row) => row.name === name && row.config === configs[2][0]);
      console.log(`| --jobs ${jobs}, ${mb(one.inputBytes)} MB input | | | | ${signed(((pooled.maxRssKb - one.maxRssKb) * 1024) / jobs)} MB per worker (target ≤ 25) | |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
