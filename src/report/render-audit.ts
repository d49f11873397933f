import type { AuditEstimate, LabelEstimate } from '../audit/estimate.js';
import { quotableSentence } from '../audit/format-estimate.js';
import { html, joinHtml, type SafeHtml } from '../html/html.js';
import { forestPlotSvg } from './svg-forest.js';

/**
 * The report's audit section (`tgrade report … --audit <folder>`): the quotable sentence per label,
 * every method's estimate side by side, a forest plot of the count intervals, and the strata with
 * the grader's PPV and missed-positive rate. All text from files is escaped (html / escapeMarkdown).
 */
const METHOD_ORDER = ['classical', 'ppi++', 'stratified'] as const;

export function auditSectionHtml(audit: AuditEstimate): SafeHtml {
  const rows = audit.estimates.filter((row) => row.value !== null && (audit.flagged[row.label] ?? 0) + row.count!.interval[1] > 0);
  const forest = forestPlotSvg(
    rows.map((row) => ({ text: `${row.label} · ${row.method}`, value: row.count!.value, interval: row.count!.interval, group: METHOD_ORDER.indexOf(row.method) })),
    `count in ${audit.population.toLocaleString('en-US')} transcripts, ${Math.round((1 - audit.alpha) * 100)}% intervals`,
  );
  const sentences = audit.recommended.map((choice) => {
    const row = audit.estimates.find((candidate) => candidate.label === choice.label && candidate.method === choice.method);
    return html`<li><strong>${row === undefined ? `${choice.label}: no estimate` : quotableSentence(audit, row)}</strong><br><span class="meta">recommended: ${choice.method ?? 'none'} — ${choice.reason}</span></li>`;
  });
  const table = audit.estimates.map((row) => html`<tr><td>${row.label}</td><td>${row.method}</td><td>${cell(row)}</td><td>${row.lambda === undefined ? '' : row.lambda.toFixed(3)}</td><td>${row.value === null ? row.reason : row.note ?? ''}</td></tr>`);
  const strata = audit.strata.map(
    (row) => html`<tr><td>${row.stratum}</td><td>${row.size}</td><td>${row.rated}/${row.sampled}</td><td>${row.measures}</td><td>${row.rate.value === null ? row.rate.reason : `${percent(row.rate.value)} [${percent(row.rate.ci[0])}, ${percent(row.rate.ci[1])}]`}</td></tr>`,
  );
  return html`<section class="card audit" data-grader="${audit.grader}"><h3>${audit.grader} <span class="meta">rubric ${audit.rubric}, ${audit.design} audit of ${audit.audited.used} rated of ${audit.audited.sampled} drawn</span></h3>
<ul class="audit-sentences">${joinHtml(sentences)}</ul>
${forest}
<table><thead><tr><th>label</th><th>method</th><th>count (interval)</th><th>λ</th><th>note</th></tr></thead><tbody>${joinHtml(table)}</tbody></table>
<h4>Strata</h4>
<table><thead><tr><th>stratum</th><th>items</th><th>rated/drawn</th><th>measures</th><th>rate (Jeffreys interval)</th></tr></thead><tbody>${joinHtml(strata)}</tbody></table></section>`;
}

/** `md` is the report's Markdown escaper (passed in, so this module and render-markdown.ts do not import each other). */
export function auditSectionMarkdown(audit: AuditEstimate, md: (text: string) => string): string[] {
  const lines = ['', `## Audit: ${md(audit.grader)}`, '', `A ${audit.design} audit of ${audit.audited.used} rated transcripts (of ${audit.audited.sampled} drawn) from ${audit.population} (rubric ${md(audit.rubric)}).`, ''];
  for (const choice of audit.recommended) {
    const row = audit.estimates.find((candidate) => candidate.label === choice.label && candidate.method === choice.method);
    lines.push(`- **${md(row === undefined ? `${choice.label}: no estimate` : quotableSentence(audit, row))}** (${md(choice.method ?? 'none')}: ${md(choice.reason)})`);
  }
  lines.push('', '| label | method | count (interval) | λ | note |', '|---|---|---|---|---|');
  for (const row of audit.estimates) lines.push(`| ${md(row.label)} | ${row.method} | ${md(cell(row))} | ${row.lambda === undefined ? '' : row.lambda.toFixed(3)} | ${md(row.value === null ? row.reason ?? '' : row.note ?? '')} |`);
  lines.push('', '| stratum | items | rated/drawn | measures | rate (Jeffreys interval) |', '|---|---|---|---|---|');
  for (const row of audit.strata) lines.push(`| ${md(row.stratum)} | ${row.size} | ${row.rated}/${row.sampled} | ${row.measures} | ${md(row.rate.value === null ? row.rate.reason : `${percent(row.rate.value)} [${percent(row.rate.ci[0])}, ${percent(row.rate.ci[1])}]`)} |`);
  return lines;
}

function cell(row: LabelEstimate): string {
  if (row.value === null) return '—';
  const [low, high] = row.count!.interval;
  return `${Math.round(row.count!.value).toLocaleString('en-US')} [${Math.floor(low + 1e-9).toLocaleString('en-US')}, ${Math.ceil(high - 1e-9).toLocaleString('en-US')}]`;
}

function percent(value: number): string {
  return `${Number((value * 100).toPrecision(3))}%`;
}
