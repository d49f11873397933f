// Runs the issue-5 benchmarks one after another, each in its own process, and prints their tables:
// (a) heuristic pass vs bare parse, (b) LLM throughput against the mock, (c) the promptfoo peer
// ratio, (d) peak RSS on 10 MB vs 1 GB, (e) Inspect logs, (f) the autoevals peer ratio. Run after `npm run build`:
//
//   node bench/run-all.mjs            # the full sizes: takes several minutes and ~2 GB of temp disk
//   node bench/run-all.mjs --quick    # small sizes, to check the scripts work (figures not comparable)
//
// A benchmark that fails is reported and the others still run; the exit code is 1 only then.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const benches = [
  ['(a) heuristic pass vs bare JSONL parse', 'heuristic-throughput.mjs', quick ? ['10000', '1'] : []],
  ['(b) live LLM pass vs C/L', 'llm-throughput.mjs', quick ? ['300'] : []],
  ['(c) promptfoo llm-rubric peer ratio', 'promptfoo-peer.mjs', quick ? ['300'] : []],
  ['(d) peak RSS, 10 MB vs 1 GB', 'memory.mjs', quick ? ['5', '50', '20'] : []],
  ['(e) Inspect logs: .eval vs JSONL, peak RSS on a 500 MB .json log', 'inspect-read.mjs', quick ? ['2000', '20'] : []],
  ['(f) autoevals LLM classifier peer ratio', 'autoevals-peer.mjs', quick ? ['300', '64', '200', '1'] : []],
];

let failed = 0;
for (const [title, script, args] of benches) {
  console.log(`\n## ${title}: node bench/${script} ${args.join(' ')}`.trimEnd());
  const started = performance.now();
  const child = spawn(process.execPath, [fileURLToPath(new URL(`./${script}`, import.meta.url)), ...args], { stdio: 'inherit' });
  const [code] = await once(child, 'exit');
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (code !== 0) {
    failed += 1;
    console.log(`(${script} exited with ${code} after ${seconds} s)`);
  } else {
    console.log(`(${seconds} s)`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
