// What was tried on the alignment-faking gold set (106 real, human-labelled scratchpads): the same
// repeated stratified CV as `tgrade train` (C chosen inside every training fold), over feature
// settings. Prints one row per setting. Needs `npm run build`. Usage:
//   node bench/learned-cv-sweep.mjs [repeats=10] [grid|inner] [setting numbers, comma-separated]
// Environment: SELECT_BY=auc|log-loss and INNER_FOLDS=n change the inner choice of C.
// `grid` also runs each setting with C fixed at 0.1, 1, 10, 100 (no inner choice: optimistic).
import { fileURLToPath } from 'node:url';
import { loadRubricFile } from '../dist/src/rubric/load-rubric.js';
import { readTrainingData } from '../dist/src/calibration/training-data.js';
import { trainModel } from '../dist/src/learned/train-model.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const repeats = Number(process.argv[2] ?? 10);
const rubric = await loadRubricFile(`${root}examples/alignment-faking/alignment-faking.md`);
const data = await readTrainingData({ from: `${root}calibration/alignment-faking-gold-106`, rubric });

const settings = [
  { name: 'words 1–2 + chars 3–5 (default)', features: {} },
  { name: 'words 1 only', features: { wordNgrams: [1, 1], charNgrams: null } },
  { name: 'words 1–2', features: { wordNgrams: [1, 2], charNgrams: null } },
  { name: 'words 1–3', features: { wordNgrams: [1, 3], charNgrams: null } },
  { name: 'chars 3–5 only', features: { wordNgrams: null, charNgrams: [3, 5] } },
  { name: 'chars 2–6 only', features: { wordNgrams: null, charNgrams: [2, 6] } },
  { name: 'words 1–2 + chars 3–5, raw tf', features: { sublinearTf: false } },
  { name: 'words 1–2 + chars 3–5, min df 1', features: { minDocumentFrequency: 1 } },
  { name: 'words 1–2 + chars 3–5, min df 5', features: { minDocumentFrequency: 5 } },
  { name: 'words 1–3 + chars 3–5', features: { wordNgrams: [1, 3] } },
];
const grids = [
  { name: 'C by inner CV', cGrid: undefined, ...(process.env.SELECT_BY ? { selectBy: process.env.SELECT_BY } : {}), ...(process.env.INNER_FOLDS ? { innerFolds: Number(process.env.INNER_FOLDS) } : {}) },
  ...[0.1, 1, 10, 100].map((c) => ({ name: `C = ${c} fixed`, cGrid: [c] })),
];
const only = process.argv[3];
const picked = process.argv[4]?.split(',').map(Number);
const fmt = (figure) => (figure.value === null ? 'n/a' : `${figure.value.toFixed(3)} [${figure.ci95?.map((v) => v.toFixed(2)).join(', ') ?? '—'}]`);
console.log(`node ${process.version}; ${data.items.length} items; ${repeats} repeats × 5 folds; inner CV: ${process.env.INNER_FOLDS ?? 3} folds, minimising ${process.env.SELECT_BY ?? 'log-loss'}`);
console.log('| features | C | CV ROC AUC [95% CI] | κ | macro-F1 | seconds |');
console.log('|---|---|---|---|---|---|');
for (const [number, setting] of settings.entries()) {
  if (picked !== undefined && !picked.includes(number)) continue;
  for (const grid of only === 'grid' ? grids : grids.slice(0, 1)) {
    const started = performance.now();
    const model = trainModel(data.items, {
      rubric: { id: rubric.id, reads: rubric.reads, labels: rubric.labels.map((label) => label.name), positive: rubric.positive },
      source: { path: data.source, kind: data.kind },
      features: setting.features,
      ...(grid.cGrid === undefined ? {} : { cGrid: grid.cGrid }),
      ...(grid.selectBy === undefined ? {} : { selectBy: grid.selectBy }),
      ...(grid.innerFolds === undefined ? {} : { innerFolds: grid.innerFolds }),
      repeats,
      bootstrapResamples: 1000,
    });
    const cv = model.crossValidation;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`| ${setting.name} | ${grid.name}${grid.cGrid === undefined ? ` (chosen: ${Object.entries(cv.chosenC).map(([c, n]) => `${c}×${n}`).join(' ')})` : ''} | ${fmt(cv.rocAuc)} | ${fmt(cv.kappa)} | ${fmt(cv.macroF1)} | ${seconds} |`);
  }
}
