// Benchmark (issue 17 item 1): the CPU the two built-in offline graders spend per transcript —
// the reward-tampering action grader and the reasoning phrase grader — and the normalizing that
// feeds them (tagged-text parsing, file targets), comparing two builds in one process:
//
//   node bench/offline-graders-cpu.mjs [transcripts=20000 | file.jsonl] [rounds=5] [before-dist]
//
// With a JSONL file instead of a count, its records are graded (repeated until there are at least
// 10,000, so each round is long enough to time), e.g. the 106 real scratchpads of
// calibration/alignment-faking-gold-106/transcripts.jsonl.
// `before-dist` is another checkout's built `dist/` folder (read only), e.g. the main branch's;
// without it only this build is measured. Both builds grade the same synthetic rollouts
// (generate-rollouts.mjs, seed 1) through their public entries, as the label pass does: a record is
// normalized (`normalizeRecord`), the action grader grades it, then the reasoning grader with the
// action verdict as `ctx.earlierVerdict`. Rounds are paired and alternate which build goes first
// (A B, B A, …); each row is the median over rounds (at least 5) of CPU time (user + system,
// process.cpuUsage), and the ratio is the median of the per-round ratios. Before timing, the
// verdicts of the two builds are compared as JSON, transcript by transcript.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateRollouts } from './generate-rollouts.mjs';

const [inputArg = '20000', roundsArg, beforeArg] = process.argv.slice(2);
const fromFile = !/^\d+$/.test(inputArg);
const rounds = Math.max(5, Number(roundsArg ?? 5));
const thisDist = fileURLToPath(new URL('../dist', import.meta.url));

async function loadBuild(name, dist) {
  const library = await import(pathToFileURL(join(resolve(dist), 'src/index.js')).href);
  const actions = library.rewardTamperingActionGrader;
  const reasoning = library.rewardTamperingReasoningGrader;
  return {
    name,
    normalizeRecord: library.normalizeRecord,
    actions: { grader: actions, options: actions.options.parse({}) },
    reasoning: { grader: reasoning, options: reasoning.options.parse({}) },
  };
}

function contextOf(name, options, earlierVerdict) {
  return { name, graderName: name, options, rubric: undefined, signal: new AbortController().signal, log() {}, earlierVerdict };
}

function normalizeAll(build, records) {
  return records.map((record, index) => build.normalizeRecord(record, { file: 'bench.jsonl', line: index + 1 }).transcript);
}

function gradeActions(build, transcripts) {
  const ctx = contextOf('reward-tampering-actions', build.actions.options);
  return transcripts.map((transcript) => build.actions.grader.grade(transcript, ctx));
}

function gradeReasoning(build, transcripts, actionVerdicts) {
  let index = 0;
  const earlier = (grader) => {
    if (grader !== 'reward-tampering-actions') return undefined;
    const verdict = actionVerdicts[index];
    return { grader, status: 'ok', label: verdict.label, evidence: verdict.evidence, flags: verdict.flags ?? [], fromEarlierRun: false };
  };
  const ctx = contextOf('reward-tampering-reasoning-phrases', build.reasoning.options, earlier);
  const verdicts = [];
  for (index = 0; index < transcripts.length; index += 1) verdicts.push(build.reasoning.grader.grade(transcripts[index], ctx));
  return verdicts;
}

function cpuMs(work) {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, value };
}

/** One pass of a build: the CPU of each step, and the verdicts. */
function pass(build, records) {
  const normalize = cpuMs(() => normalizeAll(build, records));
  const actions = cpuMs(() => gradeActions(build, normalize.value));
  const reasoning = cpuMs(() => gradeReasoning(build, normalize.value, actions.value));
  return { ms: { normalize: normalize.ms, actions: actions.ms, reasoning: reasoning.ms, graders: actions.ms + reasoning.ms }, verdicts: [actions.value, reasoning.value] };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'tgrade-graders-cpu-'));
try {
  const input = fromFile ? inputArg : join(dir, 'rollouts.jsonl');
  if (!fromFile) await generateRollouts(input, Number(inputArg));
  const lines = readFileSync(input, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const records = [];
  do records.push(...lines.map((line) => JSON.parse(line)));
  while (fromFile && records.length < 10_000);
  const count = records.length;
  const builds = [await loadBuild('this build', thisDist)];
  if (beforeArg !== undefined) builds.unshift(await loadBuild(`before (${beforeArg})`, beforeArg));

  console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  const what = fromFile ? `${count} transcripts (${inputArg}, its ${lines.length} records, repeated)` : `${count} synthetic rollouts (bench/generate-rollouts.mjs, seed 1)`;
  console.log(`${what}, ${rounds} paired rounds, CPU time (user + system)`);

  const first = builds.map((build) => pass(build, records)); // also warms both builds up
  if (builds.length === 2) {
    const same = JSON.stringify(first[0].verdicts) === JSON.stringify(first[1].verdicts);
    console.log(`verdicts of the two builds identical on all ${count} transcripts: ${same ? 'yes' : 'NO'}`);
    if (!same) process.exitCode = 1;
  }

  const steps = ['normalize', 'actions', 'reasoning', 'graders'];
  const times = builds.map(() => Object.fromEntries(steps.map((step) => [step, []])));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? builds.map((_, index) => index) : builds.map((_, index) => builds.length - 1 - index);
    for (const index of order) {
      const { ms } = pass(builds[index], records);
      for (const step of steps) times[index][step].push(ms[step]);
    }
  }

  const label = { normalize: 'normalize (tagged text, file targets)', actions: 'action grader', reasoning: 'reasoning phrase grader', graders: 'both graders' };
  const header = ['step', ...builds.map((build) => `${build.name}: ms (µs/transcript)`)];
  if (builds.length === 2) header.push('after / before (median of rounds)');
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const step of steps) {
    const cells = times.map((byStep) => {
      const ms = median(byStep[step]);
      return `${ms.toFixed(0)} (${((ms * 1000) / count).toFixed(2)})`;
    });
    if (builds.length === 2) cells.push(median(times[1][step].map((ms, round) => ms / times[0][step][round])).toFixed(2));
    console.log(`| ${label[step]} | ${cells.join(' | ')} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
