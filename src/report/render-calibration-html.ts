import { formatStatistic, type ReportedStatistic } from '../calibration/reported-statistic.js';
import type { GoldCalibration } from './gold-calibration.js';
import { html, joinHtml, type SafeHtml } from '../html/html.js';
import { confusionHeatmapSvg } from './svg-heatmap.js';
import { reliabilityPlotSvg } from './svg-reliability.js';
import { rocPlotSvg } from './svg-roc.js';

/** The calibration section: who the reference is, each grader's figures, heatmaps, ROC curves. */
export function calibrationSectionHtml(calibration: GoldCalibration): SafeHtml {
  const raters = calibration.referenceRaters.map((rater) => `${rater.name} (${rater.kind === 'human' ? 'human' : 'illustrative — not a human label'})`);
  const resolved = [...calibration.consensus.values()].filter((item) => item.label !== null).length;
  const intro = html`<section class="card"><p>Gold set <code>${calibration.folder}</code>${calibration.synthetic ? ' (synthetic)' : ''}, rubric <code>${calibration.rubric}</code>: ${calibration.consensus.size} items, ${resolved} with a consensus label. Reference raters: ${raters.length === 0 ? 'none' : raters.join(', ')}.${calibration.description === null ? '' : html` ${calibration.description}`}</p>
<p class="meta">Positive labels in the binary view: ${calibration.positive.length === 0 ? 'none declared' : calibration.positive.join(', ')}. Intervals: exact for proportions, seeded bootstrap over items for κ, AC1, macro-F1 and AUC.</p></section>`;
  if (calibration.graders.length === 0) return html`${intro}<p>No grader of rubric ${calibration.rubric} has records in the results file.</p>`;

  const columns = ['accuracy', 'Cohen κ', 'Gwet AC1', 'macro-F1', 'sensitivity', 'specificity', 'ROC AUC'];
  const reasons: SafeHtml[] = [];
  const metricRows = calibration.graders.map(({ evaluation }) => {
    const statistics = [evaluation.accuracy, evaluation.kappa, evaluation.gwetAC1, evaluation.macroF1, evaluation.sensitivity, evaluation.specificity, evaluation.rocAuc];
    statistics.forEach((statistic, index) => {
      if (statistic.value === null) reasons.push(html`<li>${evaluation.name}, ${columns[index]}: ${statistic.reason}</li>`);
    });
    return html`<tr data-grader="${evaluation.name}"><td>${evaluation.name}<br><span class="meta">${evaluation.kind === 'grader' ? 'grader' : 'automated rater'}</span></td><td class="num">${evaluation.coverage.labelled} of ${evaluation.coverage.items}</td>${statistics.map((statistic) => html`<td class="ci">${statisticCell(statistic)}</td>`)}</tr>`;
  });
  const metrics = html`<section class="card"><table class="metrics"><thead><tr><th>grader</th><th>labelled</th>${columns.map((column) => html`<th>${column}</th>`)}</tr></thead><tbody>${metricRows}</tbody></table>
<p class="meta">Each figure is computed on the gold items the grader labelled and the raters resolved, with its 95% interval below it.</p>${reasons.length === 0 ? '' : html`<ul class="meta">${reasons}</ul>`}</section>`;

  const heatmaps = calibration.graders.map(
    ({ evaluation }) =>
      html`<figure class="confusion" data-grader="${evaluation.name}">${confusionHeatmapSvg({ labels: evaluation.labels, matrix: evaluation.confusionMatrix, title: `Confusion matrix of ${evaluation.name} against the consensus`, rowAxis: 'consensus', columnAxis: evaluation.name })}<figcaption>${evaluation.name}: rows are the consensus label, columns the grader's (${evaluation.n} items); colour is the share of the row.</figcaption></figure>`,
  );
  const withRoc = calibration.graders.filter((grader) => grader.roc !== null);
  const roc =
    withRoc.length === 0
      ? html`<p class="meta">No ROC curve: no grader reports a confidence or per-label scores${calibration.positive.length === 0 ? ', and the rubric declares no positive labels' : ''}.</p>`
      : html`<figure class="roc-figure">${rocPlotSvg(
          withRoc.map(({ evaluation, roc: points }) => ({ name: evaluation.name, points: points!, caption: `AUC ${formatStatistic(evaluation.rocAuc, 2)}` })),
          `ROC curves for ${calibration.positive.join(' or ')} against the consensus`,
        )}<figcaption>Score = the grader's probability of a positive label (${calibration.positive.join(', ')}); the dashed line is chance.</figcaption></figure>`;
  const withReliability = calibration.graders.filter((grader) => grader.reliability !== null && grader.reliability.length > 0);
  const reliability =
    withReliability.length === 0
      ? html`<p class="meta">No reliability diagram: no grader reports a confidence or per-label scores.</p>`
      : html`<figure class="reliability-figure">${reliabilityPlotSvg(
          withReliability.map(({ evaluation, reliability: bins }) => ({ name: evaluation.name, bins: bins! })),
          `Reliability of the scores for ${calibration.positive.join(' or ')} against the consensus`,
        )}<figcaption>Scores in ten equal-width bins: each point is a bin's mean score against the share of its items the consensus labels positive, with an exact 95% interval; area grows with the items in the bin; the dashed diagonal is perfect calibration.</figcaption></figure>`;
  return html`${intro}${metrics}<h3>Confusion matrices</h3><div class="plots">${joinHtml(heatmaps)}</div><h3>ROC</h3><div class="plots">${roc}</div><h3>Reliability</h3><div class="plots">${reliability}</div>`;
}

function statisticCell(statistic: ReportedStatistic): SafeHtml {
  if (statistic.value !== null) return html`${statistic.value.toFixed(2)}<br><span class="meta">${statistic.ci95[0].toFixed(2)}–${statistic.ci95[1].toFixed(2)}</span>`;
  return html`<span title="${statistic.reason}">${statistic.pointEstimate === undefined ? 'undefined' : `${statistic.pointEstimate.toFixed(2)}, no CI`}</span>`;
}
