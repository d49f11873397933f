import { formatStatistic, type ReportedStatistic } from '../calibration/reported-statistic.js';
import { percent } from '../summary/format-summary.js';
import type { GraderSummary } from '../summary/results-summary.js';
import { html, joinHtml, rawHtml, type SafeHtml } from '../html/html.js';
import type { ReportModel, ReportPrevalence } from './report-model.js';
import { REPORT_STYLESHEET } from './report-css.js';
import { auditSectionHtml } from './render-audit.js';
import { calibrationSectionHtml } from './render-calibration-html.js';
import { flaggedSectionHtml } from './render-flagged-html.js';

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, no external resource
 * (so it opens offline, from a file:// URL, and can be mailed or archived as is). Built only with
 * the escaping `html` template: every name, label, quote and transcript is text, never markup.
 */
export function renderReportHtml(model: ReportModel): string {
  const sections: { id: string; title: string; body: SafeHtml }[] = [{ id: 'counts', title: 'Label counts', body: countsHtml(model.summaries) }];
  if (model.prevalence.length > 0) sections.push({ id: 'prevalence', title: 'Corrected prevalence', body: joinHtml(model.prevalence.map(prevalenceHtml)) });
  if (model.audit !== null) sections.push({ id: 'audit', title: 'Audit estimates', body: auditSectionHtml(model.audit) });
  if (model.calibration !== null) sections.push({ id: 'calibration', title: 'Calibration against the gold set', body: calibrationSectionHtml(model.calibration) });
  sections.push({ id: 'flagged', title: `Flagged items (${model.flaggedTotal})`, body: flaggedSectionHtml(model) });
  if (model.warnings.length > 0) sections.push({ id: 'warnings', title: 'Warnings', body: html`<ul class="warnings">${model.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>` });

  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>tgrade report · ${basename(model.resultsFile)}</title>
<style>${rawHtml(REPORT_STYLESHEET)}</style>
</head>
<body>
<header class="report-head"><div class="inner">
<h1>tgrade report</h1>
<p class="meta">results: ${model.resultsFile} · generated ${model.generatedAt}</p>
${model.synthetic ? html`<p class="banner synthetic">Contains synthetic data (transcripts or gold sets written for testing): the figures show the tool working, not a finding.</p>` : ''}
<nav class="toc">${sections.map((section) => html`<a href="#${section.id}">${section.title}</a>`)}</nav>
</div></header>
<main>
${sections.map((section) => html`<h2 id="${section.id}">${section.title}</h2>${section.body}`)}
</main>
</body>
</html>
`.value;
}

function basename(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

function countsHtml(summaries: readonly GraderSummary[]): SafeHtml {
  if (summaries.length === 0) return html`<p>The results file has no records.</p>`;
  return joinHtml(
    summaries.map((summary) => {
      const parts = [`${summary.labelled} labelled`];
      if (summary.abstained > 0) parts.push(`${summary.abstained} abstained`);
      if (summary.errors > 0) parts.push(`${summary.errors} errors`);
      const flags = Object.entries(summary.flags);
      const rows = summary.labels.map(
        (label) =>
          html`<tr><td>${label.label}</td><td class="num">${label.count}</td><td class="num">${summary.labelled === 0 ? '–' : percent(label.share)}</td><td class="ci">${summary.labelled === 0 ? 'no labelled transcripts' : `${percent(label.ci95[0])} – ${percent(label.ci95[1])}`}</td><td>${shareBar(label.share, label.ci95)}</td></tr>`,
      );
      return html`<section class="card grader-counts" data-grader="${summary.grader}"><h3>${summary.grader} <span class="meta">rubric ${summary.rubric}</span></h3>
<p class="meta">${parts.join(', ')}; shares are of the labelled transcripts, with exact (Clopper–Pearson) 95% intervals${flags.length > 0 ? `; flags: ${flags.map(([flag, count]) => `${flag} ${count}`).join(', ')}` : ''}</p>
<table><thead><tr><th>label</th><th>count</th><th>share</th><th>95% CI</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
    }),
  );
}

/** A share with its interval as a small bar: the interval a pale band, the share a dark bar. */
function shareBar(share: number, ci95: readonly [number, number]): SafeHtml {
  const width = 160;
  const x = (value: number) => Math.round(value * width * 10) / 10;
  return html`<svg width="${width}" height="14" viewBox="0 0 ${width} 14" role="img" aria-label="${percent(share)}"><rect x="0" y="3" width="${width}" height="8" fill="#eef1f6"/><rect x="${x(ci95[0])}" y="1" width="${Math.max(1, x(ci95[1]) - x(ci95[0]))}" height="12" fill="#c5d3f6"/><rect x="0" y="4" width="${x(share)}" height="6" fill="#2f5fd0"/></svg>`;
}

function prevalenceHtml({ file, estimate }: ReportPrevalence): SafeHtml {
  const rows = [...(estimate.binary === null ? [] : [estimate.binary]), ...estimate.perLabel].map(
    (share) => html`<tr><td>${share.label}</td><td class="num">${share.count} of ${share.labelled}</td><td>${statisticPercent(share.corrected)}</td></tr>`,
  );
  const threshold = estimate.binary?.threshold === undefined ? '' : ` The binary view applies the profile's threshold (score ≥ ${estimate.binary.threshold}).`;
  const outside = estimate.abstained + estimate.errors > 0 ? ` ${estimate.abstained} abstained and ${estimate.errors} errors are outside the correction.` : '';
  return html`<section class="card prevalence" data-grader="${estimate.grader}"><h3>${estimate.grader} <span class="meta">rubric ${estimate.rubric}</span></h3>
<p class="meta">Corrected for the error measured on gold set ${estimate.goldSet} (${estimate.goldItems} items${estimate.synthetic ? ', synthetic' : ''}), profile ${file}; the bootstrap interval resamples the run and the gold set.${threshold}${outside}</p>
${estimate.configChanged ? html`<p class="banner warning">The grader is configured differently from when this profile was measured: recalibrate before trusting the correction.</p>` : ''}
<table><thead><tr><th>label</th><th>labelled by the grader</th><th>corrected prevalence (95% CI)</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** A proportion-like statistic as percentages, or its reason. */
function statisticPercent(statistic: ReportedStatistic): string {
  if (statistic.value === null) return formatStatistic(statistic);
  return `${percent(statistic.value)} (95% CI ${percent(statistic.ci95[0])}–${percent(statistic.ci95[1])})`;
}
