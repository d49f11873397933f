import { formatCount } from '../summary/format-summary.js';
import type { CalibrationReport } from './calibrate-gold-set.js';
import { formatAgreementReport, formatPairwise } from './format-agreement.js';
import type { GraderEvaluation } from './grader-evaluation.js';
import { BOOTSTRAP_RULE_SENTENCE, formatRange, formatStatistic, type ReportedStatistic } from './reported-statistic.js';
import { escapeControls, quoted } from '../quote-input.js';

/** The text form of `tgrade calibrate`. Quotes from transcripts are model output: printed escaped. */
export function formatCalibrationReport(report: CalibrationReport): string {
  const { goldSet, consensus } = report;
  const kinds = [...new Set(goldSet.raters.filter((rater) => rater.kind !== 'automated').map((rater) => rater.kind))];
  const lines = [
    `gold set ${goldSet.folder}: rubric ${goldSet.rubric}, ${goldSet.items} items${goldSet.synthetic ? ' (synthetic transcripts)' : ''}`,
    `reference raters: ${goldSet.raters.filter((rater) => rater.kind !== 'automated').map((rater) => `${rater.name} (${rater.kind})`).join(', ')}`,
    `consensus (${goldSet.consensus}): ${consensus.resolved} of ${consensus.items} items resolved` +
      `${consensus.adjudicated > 0 ? `, ${consensus.adjudicated} adjudicated` : ''}` +
      `${consensus.ties > 0 ? `, ${consensus.ties} tied (left out)` : ''}${consensus.unrated > 0 ? `, ${consensus.unrated} unrated (left out)` : ''}`,
    `  ${Object.entries(consensus.byLabel).map(([label, count]) => `${label} ${count}`).join(', ')}`,
    `binary view: positive = ${report.positive.join(', ') || '(none declared)'}`,
  ];
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  lines.push('', `== agreement among the reference raters (${kinds.join(', ')})`, formatAgreementReport(report.referenceAgreement, { indent: '  ' }));
  for (const grader of report.graders) lines.push('', ...formatGrader(grader));
  if (report.graderAgreement.length > 0) lines.push('', '== agreement between graders', ...formatPairwise(report.graderAgreement, "  Cohen's κ on items both labelled").map((line) => `  ${line}`));
  for (const skipped of report.skipped) lines.push('', `skipped ${skipped.grader}: ${skipped.reason}`);
  lines.push('', `intervals: 95%, exact Clopper–Pearson for proportions, percentile bootstrap over items (${report.bootstrap.resamples} resamples, seed ${report.bootstrap.seed}) otherwise; ${BOOTSTRAP_RULE_SENTENCE}`);
  lines.push(`results: ${report.resultsFile}`);
  for (const profile of report.profiles) lines.push(`profile: ${profile.file}${profile.unchanged ? ' (unchanged: same figures, left as it was)' : ''}`);
  return lines.join('\n');
}

/** One grader's section of the calibrate report. */
export function formatGrader(evaluation: GraderEvaluation): string[] {
  const { coverage } = evaluation;
  const lines = [`== ${evaluation.name} (${evaluation.kind === 'grader' ? 'grader' : 'automated rater'}) vs the consensus`];
  const coverageLine =
    coverage.share.value === null
      ? `  coverage: ${coverage.share.reason}`
      : `  coverage: labelled ${formatCount(coverage.labelled, coverage.items, coverage.share.ci95)}; abstained ${coverage.abstained}, errors ${coverage.errors}, not graded ${coverage.notGraded}`;
  lines.push(coverageLine, `  (every figure below is on the ${evaluation.n} labelled items with a consensus label)`);
  lines.push(
    `  accuracy    ${formatStatistic(evaluation.accuracy)}`,
    `  Cohen's κ   ${formatStatistic(evaluation.kappa)}`,
    `  Gwet's AC1  ${formatStatistic(evaluation.gwetAC1)}`,
    `  macro-F1    ${formatStatistic(evaluation.macroF1)}`,
  );
  const width = Math.max(...evaluation.labels.map((label) => label.length), 5);
  lines.push(`  ${'label'.padEnd(width)}  support  predicted  precision / recall / F1`);
  // A label neither the consensus nor the grader used has no figures; its row would be noise.
  // A figure without a value or an interval is marked [n] and its reason printed below the table.
  const notes = new Notes();
  for (const scores of evaluation.classes.filter((row) => row.support + row.predicted > 0)) {
    const figures = [scores.precision, scores.recall, scores.f1].map((statistic) => short(statistic, notes)).join(' / ');
    lines.push(`  ${scores.label.padEnd(width)}  ${String(scores.support).padStart(7)}  ${String(scores.predicted).padStart(9)}  ${figures}`);
  }
  lines.push(...notes.lines('    '));
  lines.push(`  confusion matrix (rows: consensus, columns: ${evaluation.name})`);
  lines.push(`  ${''.padEnd(width)}  ${evaluation.labels.map((_, k) => `[${k + 1}]`.padStart(5)).join('')}`);
  evaluation.labels.forEach((label, t) => {
    lines.push(`  ${`[${t + 1}] ${label}`.padEnd(width + 4).slice(0, width + 4)}${evaluation.confusionMatrix[t]!.map((count) => String(count).padStart(5)).join('')}`);
  });
  if (evaluation.positive.length > 0) {
    const [[tp, fn], [fp, tn]] = evaluation.binaryMatrix;
    lines.push(`  binary view: TP ${tp}, FN ${fn}, FP ${fp}, TN ${tn}; sensitivity ${formatStatistic(evaluation.sensitivity)}, specificity ${formatStatistic(evaluation.specificity)}`);
  }
  lines.push(`  ROC AUC     ${formatStatistic(evaluation.rocAuc)}`);
  const threshold = evaluation.threshold;
  if (threshold.value === null) lines.push(`  threshold   ${threshold.reason}`);
  else {
    const notesBefore = notes.count;
    const basis = threshold.basis === 'max-kappa' ? `maximizes κ (${threshold.kappa?.toFixed(3) ?? 'undefined'})` : `lowest reaching precision ${threshold.targetPrecision}`;
    lines.push(
      `  threshold   score ≥ ${Number(threshold.value.toPrecision(4))} ${basis}: sensitivity ${short(threshold.sensitivity, notes)}, specificity ${short(threshold.specificity, notes)}, precision ${short(threshold.precision, notes)}`,
      '              (chosen on this gold set, so these figures are optimistic)',
      ...notes.lines('    ').slice(notesBefore),
    );
  }
  if (evaluation.disagreements.length === 0) lines.push('  no disagreement with the consensus on labelled items');
  else {
    lines.push(`  disagreements with the consensus (${evaluation.disagreements.length}):`);
    for (const item of evaluation.disagreements) {
      const votes = Object.entries(item.votes).map(([label, count]) => `${label} ${count}`).join(', ');
      lines.push(`    ${escapeControls(item.item)}  consensus ${item.consensus} (${item.consensusSource}; votes ${votes || 'none'}), ${evaluation.name}: ${item.label}`);
      for (const quote of item.evidence.slice(0, 3)) lines.push(`      evidence: ${quoted(quote, 160)}`);
    }
  }
  return lines;
}

function short(statistic: ReportedStatistic, notes?: Notes): string {
  if (statistic.value === null) {
    const mark = notes === undefined ? '' : ` [${notes.mark(statistic.reason)}]`;
    return statistic.pointEstimate === undefined ? `undefined${mark}` : `${statistic.pointEstimate.toFixed(2)} (no interval${mark})`;
  }
  return `${statistic.value.toFixed(2)} (${formatRange(statistic.ci95, 2)})`;
}

/** Reasons numbered in order of first use, so a table cell stays short and no reason is lost. */
class Notes {
  private readonly reasons: string[] = [];

  mark(reason: string): number {
    const index = this.reasons.indexOf(reason);
    if (index >= 0) return index + 1;
    this.reasons.push(reason);
    return this.reasons.length;
  }

  get count(): number {
    return this.reasons.length;
  }

  lines(indent: string): string[] {
    return this.reasons.map((reason, i) => `${indent}[${i + 1}] ${reason}`);
  }
}
