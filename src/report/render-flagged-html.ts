import type { ResultRecord } from '../grading/verdict.js';
import { html, joinHtml, type SafeHtml } from '../html/html.js';
import type { ReportFlaggedItem, ReportModel } from './report-model.js';
import { describeRubricParts } from './rubric-parts.js';
import { splitEvidence, transcriptHtml } from './transcript-html.js';

const REASON_TITLES = { disagreement: 'disagrees with people', promptInjection: 'prompt injection', unverifiedEvidence: 'unverified evidence', error: 'error' } as const;

/** Transcripts are open for the first items only, so a long report stays quick to scan. */
const OPEN_TRANSCRIPTS = 10;

export function flaggedSectionHtml(model: ReportModel): SafeHtml {
  if (model.flaggedTotal === 0) return html`<p>No item is flagged: no disagreement with the consensus, no unverified evidence, no injection attempt, no error.</p>`;
  const graders = [...new Set(model.summaries.map((summary) => summary.grader))];
  const sourceClass = (source: string) => `source-${Math.max(0, graders.indexOf(source)) % 4}`;
  const legend = html`<p class="legend">Evidence marks: ${graders.map((grader) => html`<mark class="${sourceClass(grader)}">${grader}</mark>`)} (outlined where several graders cite the same words).</p>`;
  const shown = model.flagged.length < model.flaggedTotal ? html`<p class="meta">Showing the first ${model.flagged.length} of ${model.flaggedTotal} (raise --max-flagged to see more).</p>` : '';
  return html`${shown}${legend}${joinHtml(model.flagged.map((item, index) => flaggedItemHtml(item, index < OPEN_TRANSCRIPTS, sourceClass)))}`;
}

function flaggedItemHtml(item: ReportFlaggedItem, open: boolean, sourceClass: (source: string) => string): SafeHtml {
  const chips = [...new Map(item.reasons.map((reason) => [reason.kind, reason])).values()].map((reason) => html`<span class="chip ${reason.kind}">${REASON_TITLES[reason.kind]}</span>`);
  const details = item.reasons.map((reason) => html`<li>${reason.detail}</li>`);
  const consensus =
    item.consensus === undefined
      ? ''
      : html`<p>Consensus: <strong>${item.consensus.label ?? 'none'}</strong> (${item.consensus.source}; votes ${Object.entries(item.consensus.votes).map(([label, count]) => `${label} ${count}`).join(', ') || 'none'})</p>`;
  let transcript: SafeHtml;
  if (item.transcript === null) transcript = html`<p class="unlocated">Transcript not found, so the evidence cannot be shown in place.</p>`;
  else {
    const { located, unlocated } = splitEvidence(item.transcript, item.records);
    const notFound =
      unlocated.length === 0
        ? ''
        : html`<p class="unlocated">Quoted but not found in the transcript:</p><ul class="quotes unlocated">${unlocated.map((quote) => html`<li>${quote.source}: “${quote.quote}”</li>`)}</ul>`;
    const rubricParts = item.rubricParts ?? [];
    const parts = rubricParts.length === 0 ? '' : html`<p class="parts">${rubricParts.map((parts) => describeRubricParts(parts)).join('. ')}.</p>`;
    transcript = html`${notFound}${parts}<details${open ? html` open` : ''}><summary>Transcript ${item.transcriptId} (${item.transcript.text.length} characters) with the evidence marked</summary>${transcriptHtml(item.transcript, located, sourceClass, rubricParts)}</details>`;
  }
  return html`<article class="flagged" id="flagged-${item.transcriptId}" data-transcript="${item.transcriptId}"><h3>${item.transcriptId}</h3><div>${chips}</div><ul>${details}</ul>${consensus}${verdictTable(item.records)}${transcript}</article>`;
}

function verdictTable(records: readonly ResultRecord[]): SafeHtml {
  const rows = records.map((record) => {
    const outcome = record.status === 'ok' ? record.label : record.status === 'abstain' ? `abstained: ${record.reason ?? ''}` : `error: ${record.error ?? ''}`;
    const quotes = (record.evidence ?? []).map((evidence) => html`<li>“${evidence.quote}”${evidence.start === null ? ' (not found)' : ''}</li>`);
    return html`<tr><td>${record.grader}</td><td><strong>${outcome}</strong></td><td class="num">${record.confidence === undefined ? '' : record.confidence.toFixed(2)}</td><td>${(record.flags ?? []).join(', ')}</td><td><ul class="quotes">${quotes}</ul></td></tr>`;
  });
  return html`<table><thead><tr><th>grader</th><th>verdict</th><th>confidence</th><th>flags</th><th>evidence</th></tr></thead><tbody>${joinHtml(rows)}</tbody></table>`;
}
