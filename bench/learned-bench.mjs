// Benchmark (issue 14): the learned grader at scale, on synthetic rollouts (generate-rollouts.mjs,
// every record marked synthetic). Run after `npm run build`:
//
//   node bench/learned-bench.mjs [transcripts=10000] [repeats=10]
//
// 1. `tgrade label` with the heuristic reasoning grader (reward-tampering-reasoning-phrases) on N rollouts;
// 2. `tgrade train --from <those results> --grader reward-tampering-reasoning-phrases` (distilling the
//    heuristic: the same command as distilling an LLM grader), 5 folds × `repeats`, C chosen inside
//    every training fold — the training time;
// 3. `tgrade label` with the `learned` grader on the same file — its throughput as a ratio to (1), and
//    to the two heuristic graders together.
// Each step runs the built CLI in its own process; wall time, so a loaded machine slows every row.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRollouts } from './generate-rollouts.mjs';

const [count = 10_000, repeats = 10] = process.argv.slice(2).map(Number);
const bin = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tgrade-learned-bench-'));
const input = join(dir, 'rollouts.jsonl');

// GNU time reports the child's CPU time (user + system): on a shared machine the steadier measure.
function tgrade(args, config) {
  const times = join(dir, 'time.txt');
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', times, process.execPath, bin, '--config', join(dir, config), ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`tgrade ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const [user, system] = readFileSync(times, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds: user + system, wall, stdout: run.stdout };
}

try {
  await generateRollouts(input, count);
  const config = (graders) => JSON.stringify({ graders });
  writeFileSync(join(dir, 'phrases.json'), config([{ use: 'reward-tampering-reasoning-phrases', rubric: 'reward-tampering-reasoning' }]));
  writeFileSync(
    join(dir, 'heuristics.json'),
    config([
      { use: 'reward-tampering-actions', rubric: 'reward-tampering-action' },
      { use: 'reward-tampering-reasoning-phrases', rubric: 'reward-tampering-reasoning' },
    ]),
  );
  writeFileSync(join(dir, 'learned.json'), config([{ use: 'learned', rubric: 'reward-tampering-reasoning', options: { model: './model.json' } }]));

  const phrases = tgrade(['label', input, '--jobs', '1', '--out', join(dir, 'phrases.jsonl')], 'phrases.json');
  const heuristics = tgrade(['label', input, '--jobs', '1', '--out', join(dir, 'heuristics.jsonl')], 'heuristics.json');
  const train = tgrade(['train', '--from', join(dir, 'phrases.jsonl'), '--rubric', 'reward-tampering-reasoning', '--grader', 'reward-tampering-reasoning-phrases', '--out', join(dir, 'model.json'), '--repeats', String(repeats), '--json'], 'phrases.json');
  const learned = tgrade(['label', input, '--jobs', '1', '--out', join(dir, 'learned.jsonl')], 'learned.json');
  const figures = JSON.parse(train.stdout);
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));

  console.log(`node ${process.version}; ${availableParallelism()} CPUs; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}; ${count} synthetic rollouts`);
  console.log('| step | CPU s | wall s | transcripts per CPU s | CPU ratio |');
  console.log('|---|---|---|---|---|');
  const row = (name, run, ratio = '') => console.log(`| ${name} | ${run.seconds.toFixed(1)} | ${run.wall.toFixed(1)} | ${(count / run.seconds).toFixed(0)} | ${ratio} |`);
  row('label: heuristic reasoning grader', phrases, '1.00');
  row('label: both heuristic graders', heuristics, (heuristics.seconds / phrases.seconds).toFixed(2));
  row('label: learned grader', learned, `${(learned.seconds / phrases.seconds).toFixed(2)} (vs both: ${(learned.seconds / heuristics.seconds).toFixed(2)})`);
  console.log(
    `| train: ${figures.items} items, 5 folds × ${repeats} repeats, ${model.vocabulary.terms.length} terms, ${model.rubric.labels.length} labels | ${train.seconds.toFixed(1)} | ${train.wall.toFixed(1)} | | CV ROC AUC ${figures.crossValidation.rocAuc.value?.toFixed(3)} |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
