import { gateRecall } from './gate-recall.js';
import type { ModelFile } from './model-file.js';

/** The CV table and notes `tgrade train` prints (plain text; figures from the model file). */
export function formatTraining(model: ModelFile, out: string): string {
  const cv = model.crossValidation;
  const counts = Object.entries(model.training.labelCounts).map(([label, n]) => `${label} ${n}`).join(', ');
  const row = (name: string, figure: ModelFile['crossValidation']['rocAuc']) =>
    figure.value === null
      ? `  ${name.padEnd(10)} n/a — ${figure.reason ?? ''}`
      : `  ${name.padEnd(10)} ${figure.value.toFixed(3)}   ${figure.ci95 === undefined ? '—            ' : `[${figure.ci95[0].toFixed(3)}, ${figure.ci95[1].toFixed(3)}]`}   ${figure.repeats === undefined ? '' : `${figure.repeats.min.toFixed(3)}–${figure.repeats.max.toFixed(3)}`}${figure.ciNote === undefined ? '' : `  (${figure.ciNote})`}`;
  const lines = [
    `trained ${model.rubric.id} on ${model.training.items.length} items (${counts}) from ${model.training.source}${model.training.grader === undefined ? '' : ` (grader ${model.training.grader})`}`,
    `features: ${describeFeatures(model)}; ${model.vocabulary.terms.length} terms; C = ${model.weights.c} (chosen by ${cv.innerFolds}-fold CV inside the training data)`,
    '',
    `cross-validation: ${cv.folds} folds × ${cv.repeats} repeats, seed ${cv.seed}; ${cv.cSelection === 'per-fold' ? `C chosen inside every training fold (${Object.entries(cv.chosenC).map(([c, n]) => `${c}: ${n}×`).join(', ')})` : `C = ${model.weights.c} chosen once on all items and reused by every fold (${model.training.items.length} items: the selection's optimism is negligible)`}`,
    `  figure     mean     95% CI (item bootstrap)   range over repeats`,
    row(model.rubric.labels.length === 2 ? 'ROC AUC' : 'ROC AUC*', cv.rocAuc),
    row('κ', cv.kappa),
    row('macro-F1', cv.macroF1),
    ...(model.rubric.labels.length === 2 ? [] : ['  * one-vs-rest, macro-averaged over labels']),
    `  The interval resamples items of the out-of-fold scores (averaged over repeats); it does not cover training on another sample.`,
    ...gateLines(model),
    ...model.training.warnings.map((warning) => `warning: ${warning}`),
    `wrote ${out}`,
  ];
  return lines.join('\n');
}

function describeFeatures(model: ModelFile): string {
  const { wordNgrams, charNgrams, minDocumentFrequency, sublinearTf } = model.features;
  const parts = [
    wordNgrams === null ? null : `word ${wordNgrams[0]}–${wordNgrams[1]}-grams`,
    charNgrams === null ? null : `char ${charNgrams[0]}–${charNgrams[1]}-grams`,
  ].filter((part) => part !== null);
  return `${parts.join(' + ')}, TF-IDF${sublinearTf ? ' (sublinear tf)' : ''}, min df ${minDocumentFrequency}`;
}

function gateLines(model: ModelFile): string[] {
  const rows = gateRecall(model);
  if (rows === null) return [];
  return [
    '',
    `as a gate (positive: ${model.rubric.positive.join(', ')}; out-of-fold, so every item held out):`,
    '  threshold  recall of positives (95% CI)     items passed',
    ...rows.map(
      (row) =>
        `  ${row.threshold.toFixed(2).padEnd(9)}  ${row.recall.toFixed(3)} [${row.recallCi95[0].toFixed(3)}, ${row.recallCi95[1].toFixed(3)}] (${row.positives[0]}/${row.positives[1]})  ${(100 * row.passed).toFixed(1)}%`,
    ),
  ];
}
