// Measures (issue 18) how the offline reasoning grader (`reward-tampering-reasoning-phrases`) does
// now that it judges the scratchpad against the action axis: on the shipped example rollouts and on
// the synthetic cases of test/fixtures/reasoning-context/, how many transcripts with reasoning it
// labels, how many it abstains on, and how many labels differ from the label each synthetic case was
// written to show. Run after `npm run build`:
//
//   node bench/reasoning-coverage.mjs [--reasons]
//
// Two set-ups: the default pipeline (the action grader runs first and the reasoning grader reads its
// verdict through ctx.earlierVerdict) and the reasoning grader alone (it reads the actions itself).
// Every transcript is synthetic; the figures show the grader working, they say nothing about a model.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelFile, loadSetup } from '../dist/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const showReasons = process.argv.includes('--reasons');
const REASONING = 'reward-tampering-reasoning-phrases';

function readJsonl(file) {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

const exampleExpected = JSON.parse(readFileSync(join(root, 'test/fixtures/reasoning-context/example-expected.json'), 'utf8'));
const datasets = [
  { name: 'example rollouts (synthetic)', file: join(root, 'examples/rollouts/rollouts.jsonl'), expected: (record) => exampleExpected[record.id] },
  { name: 'issue-18 cases (synthetic)', file: join(root, 'test/fixtures/reasoning-context/cases.jsonl'), expected: (record) => record.metadata?.expected },
];
const setups = [
  { name: 'with the action verdict', only: ['reward-tampering-actions', REASONING] },
  { name: 'reading the actions itself', only: [REASONING] },
];

const dir = mkdtempSync(join(tmpdir(), 'tgrade-reasoning-bench-'));
const rows = [];
const details = [];
try {
  for (const setupSpec of setups) {
    const setup = await loadSetup({ cwd: dir, only: setupSpec.only });
    for (const dataset of datasets) {
      const out = join(dir, `${rows.length}.results.jsonl`);
      await labelFile({ setup, input: dataset.file, out });
      const expected = new Map(readJsonl(dataset.file).map((record) => [String(record.id), dataset.expected(record)]));
      const counts = { withReasoning: 0, labelled: 0, abstained: 0, wrong: 0, errors: 0 };
      for (const record of readJsonl(out).filter((result) => result.grader === REASONING)) {
        if (record.flags?.includes('emptyInput')) continue; // no scratchpad: no_reasoning, given by the engine
        counts.withReasoning += 1;
        const want = expected.get(record.transcriptId);
        if (record.status === 'ok') {
          counts.labelled += 1;
          if (record.label !== want) {
            counts.wrong += 1;
            details.push(`${setupSpec.name} · ${record.transcriptId}: labelled ${record.label}, written as ${want}`);
          }
        } else if (record.status === 'abstain') {
          counts.abstained += 1;
          if (showReasons) details.push(`${setupSpec.name} · ${record.transcriptId} (written as ${want}) abstained: ${record.reason}`);
        } else counts.errors += 1;
      }
      rows.push({ setup: setupSpec.name, dataset: dataset.name, ...counts });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Node ${process.version}; offline reasoning grader on transcripts with reasoning (all synthetic)\n`);
console.log('| set-up | data | with reasoning | labelled | abstained | wrong | errors |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.setup} | ${row.dataset} | ${row.withReasoning} | ${row.labelled} | ${row.abstained} | ${row.wrong} | ${row.errors} |`);
if (details.length > 0) console.log(`\n${details.join('\n')}`);
