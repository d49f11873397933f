import { percent } from '../summary/format-summary.js';
import type { CorrectedLabelShare, ProfilePrevalence } from './profile-prevalence.js';

/** "k of n labelled explicit_scheming; corrected prevalence p (95% CI a–b)": the form a paper can quote. */
export function formatCorrectedShare(share: CorrectedLabelShare): string {
  const head = `${share.count} of ${share.labelled} labelled ${share.label}`;
  const { corrected } = share;
  const unclipped =
    share.unclipped === undefined
      ? ''
      : `; clipped to [0, 1], the Rogan–Gladen estimate itself is ${share.unclipped < 0 ? '−' : ''}${percent(Math.abs(share.unclipped))} (clipping biases repeated estimates away from the bound)`;
  if (corrected.value === null) {
    const point = corrected.pointEstimate === undefined ? '' : `${percent(corrected.pointEstimate)}, no interval: `;
    return `${head}; corrected prevalence ${point}${point === '' ? corrected.reason : corrected.reason.replace(/^undefined because /, '')}${unclipped}`;
  }
  return `${head}; corrected prevalence ${percent(corrected.value)} (95% CI ${percent(corrected.ci95[0])}–${percent(corrected.ci95[1])})${unclipped}`;
}

export function formatProfilePrevalence(prevalence: ProfilePrevalence): string {
  const lines = [
    `${prevalence.grader}, corrected for its error measured on gold set ${prevalence.goldSet} (${prevalence.goldItems} labelled items${prevalence.synthetic ? ', synthetic transcripts' : ''}):`,
  ];
  if (prevalence.configChanged) lines.push('  warning: the grader\'s configuration differs from the one the profile was measured with; recalibrate');
  for (const share of prevalence.perLabel) lines.push(`  ${formatCorrectedShare(share)}`);
  if (prevalence.binary !== null) {
    const threshold = prevalence.binary.threshold === undefined ? '' : ` (score ≥ ${prevalence.binary.threshold}, the profile's threshold)`;
    lines.push(`  ${formatCorrectedShare(prevalence.binary)}${threshold}`);
  }
  if (prevalence.abstained + prevalence.errors > 0) {
    lines.push(`  (n = transcripts the grader labelled; ${prevalence.abstained} abstained and ${prevalence.errors} errors are outside the correction)`);
  }
  return lines.join('\n');
}
