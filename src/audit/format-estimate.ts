import { escapeControls } from '../quote-input.js';
import type { AuditEstimate, LabelEstimate } from './estimate.js';

/**
 * The estimate as a sentence a paper can quote, and as the `--json` shape:
 * `{population, audited, rubric, grader, design, estimates: [{label, method, prevalence: {value,
 * ci95, ci95Raw}, count: {value, ci95}, lambda?}], recommended: [{label, method, reason}], …}`;
 * with an α other than 0.05 the interval keys are `ci` / `ciRaw` with a `level`.
 */
export function auditEstimateJson(estimate: AuditEstimate): Record<string, unknown> {
  const standard = Math.abs(estimate.alpha - 0.05) < 1e-12;
  const ciKey = standard ? 'ci95' : 'ci';
  const rawKey = standard ? 'ci95Raw' : 'ciRaw';
  const level = standard ? {} : { level: 1 - estimate.alpha };
  return {
    population: estimate.population,
    audited: estimate.audited,
    rubric: estimate.rubric,
    grader: estimate.grader,
    design: estimate.design,
    flagged: estimate.flagged,
    estimates: estimate.estimates.map((row) => ({
      label: row.label,
      method: row.method,
      prevalence:
        row.value === null
          ? { value: null, reason: row.reason, ...(row.pointEstimate === undefined ? {} : { pointEstimate: row.pointEstimate }) }
          : { value: row.value, [ciKey]: row.prevalence, [rawKey]: row.raw, ...level },
      count: row.value === null ? { value: null, reason: row.reason } : { value: row.count!.value, [ciKey]: row.count!.interval, ...level },
      ...(row.lambda === undefined ? {} : { lambda: row.lambda }),
      ...(row.note === undefined ? {} : { note: row.note }),
    })),
    recommended: estimate.recommended,
    effectiveSampleSize: estimate.effectiveSampleSize,
    strata: estimate.strata.map((row) => ({ ...row, rate: row.rate.value === null ? row.rate : { value: row.rate.value, [ciKey]: row.rate.ci, ...level } })),
    warnings: estimate.warnings,
  };
}

/** "label: 41 (95% CI 29–58) of 32,768 transcripts (0.13%), from 45 flagged by grader and 200 human audits; the grader's flags alone would say 45". */
export function quotableSentence(estimate: AuditEstimate, row: LabelEstimate): string {
  const label = escapeControls(row.label);
  if (row.value === null) return `${label}: no estimate (${row.reason})`;
  const percent = `${Math.round((1 - estimate.alpha) * 1000) / 10}%`;
  const [low, high] = row.count!.interval;
  const flagged = estimate.flagged[row.label] ?? 0;
  return (
    `${label}: ${formatCount(row.count!.value)} (${percent} CI ${formatCount(Math.floor(low + 1e-9))}–${formatCount(Math.ceil(high - 1e-9))}) of ${formatCount(estimate.population)} transcripts (${formatPercent(row.value)}), ` +
    `from ${formatCount(flagged)} flagged by ${escapeControls(estimate.grader)} and ${formatCount(estimate.audited.used)} ${estimate.raterKinds.includes('illustrative') ? 'audits by illustrative (not human) raters' : 'human audits'}; the grader's flags alone would say ${formatCount(flagged)}`
  );
}

export function formatAuditEstimate(estimate: AuditEstimate): string {
  const lines: string[] = [];
  for (const choice of estimate.recommended) {
    const row = estimate.estimates.find((candidate) => candidate.label === choice.label && candidate.method === choice.method);
    lines.push(row === undefined ? `${escapeControls(choice.label)}: no estimate (${choice.reason})` : quotableSentence(estimate, row));
    lines.push(`  recommended: ${choice.method ?? 'none'} — ${choice.reason}`);
    for (const candidate of estimate.estimates.filter((entry) => entry.label === choice.label)) {
      if (candidate.value === null) {
        lines.push(`  ${candidate.method.padEnd(10)} ${candidate.reason}`);
        continue;
      }
      const [low, high] = candidate.count!.interval;
      const lambda = candidate.lambda === undefined ? '' : `  λ = ${candidate.lambda.toFixed(3)}`;
      lines.push(`  ${candidate.method.padEnd(10)} count ${formatCount(candidate.count!.value)} [${formatCount(Math.floor(low + 1e-9))}, ${formatCount(Math.ceil(high - 1e-9))}]  prevalence ${formatPercent(candidate.value)}${lambda}${candidate.note === undefined ? '' : `  (${candidate.note})`}`);
    }
    const ess = estimate.effectiveSampleSize.find((entry) => entry.label === choice.label);
    if (ess !== undefined) lines.push(`  worth ${ess.value === null ? `— (${ess.reason})` : `${formatCount(ess.value)} random human labels`} (effective sample size of the recommended interval)`);
  }
  lines.push('', `strata (${escapeControls(estimate.grader)}, binary view):`);
  for (const row of estimate.strata) {
    const rate = row.rate.value === null ? row.rate.reason : `${formatPercent(row.rate.value)} [${formatPercent(row.rate.ci[0])}, ${formatPercent(row.rate.ci[1])}]`;
    lines.push(`  ${escapeControls(row.stratum).padEnd(28)} ${String(row.size).padStart(7)} items  ${String(row.rated).padStart(4)}/${row.sampled} rated  ${row.measures} ${rate}`);
  }
  const { audited } = estimate;
  lines.push('', `used ${audited.used} of ${audited.sampled} sampled items (${audited.unrated} unrated, ${audited.unresolved} without a consensus)`);
  for (const warning of estimate.warnings) lines.push(`warning: ${escapeControls(warning)}`);
  return lines.join('\n');
}

function formatCount(value: number): string {
  return (Math.round(value) + 0).toLocaleString('en-US');
}

function formatPercent(value: number): string {
  const percent = value * 100;
  if (percent === 0) return '0%';
  if (percent >= 10) return `${percent.toFixed(1)}%`;
  return `${Number(percent.toPrecision(2))}%`;
}
