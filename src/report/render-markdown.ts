import { formatCorrectedShare } from '../calibration/format-prevalence.js';
import { formatStatistic } from '../calibration/reported-statistic.js';
import { formatCount } from '../summary/format-summary.js';
import { auditSectionMarkdown } from './render-audit.js';
import type { ReportModel } from './report-model.js';
import { describeRubricParts } from './rubric-parts.js';

/**
 * The report as Markdown for a paper draft: the same figures as tables, flagged items with their
 * quotes (not whole transcripts). Text from outside (names, labels, quotes) goes through
 * `escapeMarkdown`: inline markers (\ ` * _ [ ] | ~), the `<` that could open an HTML tag or
 * autolink, the `&` that could start an entity and bare URLs (GFM would link them) get a CommonMark
 * backslash escape, and line breaks
 * are flattened; block markers (#, -, >, 1.) cannot act because such text never starts a line. So
 * the draft stays readable as plain text (`a -> b && c` stays as it is, not `-&gt;` / `&amp;&amp;`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    // GFM links bare URLs: a transcript's URL must stay text, not become a link in the paper draft.
    .replace(/\b(https?|ftp):(?=\/\/)/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/\r?\n/g, ' ');
}

export function renderReportMarkdown(model: ReportModel): string {
  const md = escapeMarkdown;
  const lines: string[] = ['# tgrade report', '', `Results: \`${model.resultsFile.replace(/`/g, "'")}\`, generated ${model.generatedAt}.`];
  if (model.synthetic) lines.push('', '> **Synthetic data** (transcripts or gold sets written for testing): these figures show the tool working, not a finding.');

  lines.push('', '## Label counts', '', 'Shares of the labelled transcripts with exact (Clopper–Pearson) 95% intervals.');
  for (const summary of model.summaries) {
    const extra = [summary.abstained > 0 ? `${summary.abstained} abstained` : '', summary.errors > 0 ? `${summary.errors} errors` : ''].filter(Boolean).join(', ');
    lines.push('', `### ${md(summary.grader)} (rubric ${md(summary.rubric)})`, '', `${summary.labelled} labelled${extra === '' ? '' : `, ${extra}`}.`, '', '| label | count (95% CI) |', '|---|---|');
    for (const label of summary.labels) lines.push(`| ${md(label.label)} | ${formatCount(label.count, summary.labelled, label.ci95)} |`);
  }

  for (const { file, estimate } of model.prevalence) {
    lines.push('', `## Corrected prevalence: ${md(estimate.grader)}`, '', `Corrected for the error measured on a gold set of ${estimate.goldItems} items${estimate.synthetic ? ' (synthetic)' : ''} (profile ${md(file)}); the bootstrap interval resamples the run and the gold set.`, '');
    if (estimate.configChanged) lines.push('> The grader is configured differently from when the profile was measured: recalibrate before trusting the correction.', '');
    for (const share of [...(estimate.binary === null ? [] : [estimate.binary]), ...estimate.perLabel]) lines.push(`- ${md(formatCorrectedShare(share))}`);
  }

  if (model.audit !== null) lines.push(...auditSectionMarkdown(model.audit, md));

  const calibration = model.calibration;
  if (calibration !== null) {
    const raters = calibration.referenceRaters.map((rater) => `${md(rater.name)} (${rater.kind === 'human' ? 'human' : 'illustrative, not human'})`).join(', ') || 'none';
    lines.push('', '## Calibration against the gold set', '', `Rubric ${md(calibration.rubric)}; ${calibration.consensus.size} items${calibration.synthetic ? ' (synthetic)' : ''}; reference raters: ${raters}.`);
    lines.push('', '| grader | labelled | accuracy | Cohen κ | Gwet AC1 | macro-F1 | ROC AUC |', '|---|---|---|---|---|---|---|');
    for (const { evaluation } of calibration.graders) {
      const cells = [evaluation.accuracy, evaluation.kappa, evaluation.gwetAC1, evaluation.macroF1, evaluation.rocAuc].map((statistic) => formatStatistic(statistic, 2).replace(/\|/g, '\\|'));
      lines.push(`| ${md(evaluation.name)} | ${evaluation.coverage.labelled} of ${evaluation.coverage.items} | ${cells.join(' | ')} |`);
    }
    for (const { evaluation } of calibration.graders) {
      lines.push('', `Confusion matrix of ${md(evaluation.name)} (rows: consensus; columns: grader).`, '', `| | ${evaluation.labels.map(md).join(' | ')} |`, `|---|${evaluation.labels.map(() => '---').join('|')}|`);
      evaluation.confusionMatrix.forEach((row, r) => lines.push(`| **${md(evaluation.labels[r]!)}** | ${row.join(' | ')} |`));
    }
  }

  lines.push('', `## Flagged items (${model.flaggedTotal})`);
  if (model.flagged.length < model.flaggedTotal) lines.push('', `The first ${model.flagged.length} are listed.`);
  for (const item of model.flagged) {
    lines.push('', `### ${md(item.transcriptId)}`, '');
    for (const reason of item.reasons) lines.push(`- ${md(reason.detail)}`);
    for (const parts of item.rubricParts ?? []) lines.push(`- parts: ${md(describeRubricParts(parts))}`);
    for (const record of item.records) {
      for (const evidence of record.evidence ?? []) lines.push(`  - ${md(record.grader)} quotes: “${md(evidence.quote)}”${evidence.start === null ? ' (not found in the transcript)' : ''}`);
    }
  }
  if (model.warnings.length > 0) lines.push('', '## Warnings', '', ...model.warnings.map((warning) => `- ${md(warning)}`));
  return `${lines.join('\n')}\n`;
}
