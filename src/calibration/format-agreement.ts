import { percent } from '../summary/format-summary.js';
import type { AgreementReport, ItemDisagreement, PairwiseCohen } from './agreement-report.js';
import { formatStatistic } from './reported-statistic.js';
import { escapeControls } from '../quote-input.js';

/** The text form of an agreement report: figures with intervals, then the items to adjudicate. */
export function formatAgreementReport(report: AgreementReport, options: { indent?: string } = {}): string {
  const pad = options.indent ?? '';
  const lines = [
    `${report.items} items, ${report.raters.length} rater${report.raters.length === 1 ? '' : 's'} (${escapeControls(report.raters.join(', '))}), labels: ${escapeControls(report.labels.join(', '))} ${LABEL_SOURCE[report.labelSource]}`,
    '',
    `percent agreement   ${formatStatistic(report.percentAgreement)}`,
  ];
  if (report.unanimousAgreement.value !== null) {
    const unanimous = report.itemsCompared - report.disagreements.length;
    const [low, high] = report.unanimousAgreement.ci95;
    lines.push(`  all raters agree on ${unanimous} of the ${report.itemsCompared} items rated by two or more (95% CI ${percent(low)}–${percent(high)})`);
  }
  lines.push(
    `Krippendorff's α    ${formatStatistic(report.krippendorffAlpha)}`,
    `Fleiss' κ           ${formatStatistic(report.fleissKappa)}`,
    `Gwet's AC1          ${formatStatistic(report.gwetAC1)}`,
  );
  if (report.pairwiseCohen.length > 0) lines.push('', ...formatPairwise(report.pairwiseCohen, "pairwise Cohen's κ"));
  lines.push('', ...(report.itemsCompared === 0 ? ['no item was rated by two or more raters, so there is nothing to compare'] : formatDisagreements(report.disagreements)));
  return lines.map((line) => (line === '' ? line : `${pad}${line}`)).join('\n');
}

const LABEL_SOURCE: Record<AgreementReport['labelSource'], string> = {
  '--labels': '(from --labels)',
  'gold.yaml': '(declared in gold.yaml)',
  rubric: "(the rubric's labels)",
  ratings:
    "(the labels seen in the ratings: AC1 counts them as the possible labels; declare the full set with --labels, or pass the gold-set folder to use its gold.yaml, for AC1 as calibrate computes it)",
};

export function formatPairwise(pairs: readonly PairwiseCohen[], title: string): string[] {
  const width = Math.max(...pairs.map((pair) => escapeControls(`${pair.raterA} – ${pair.raterB}`).length));
  return [title, ...pairs.map((pair) => `  ${escapeControls(`${pair.raterA} – ${pair.raterB}`).padEnd(width)}  n=${String(pair.n).padEnd(4)} ${formatStatistic(pair.kappa)}`)];
}

function formatDisagreements(disagreements: readonly ItemDisagreement[]): string[] {
  if (disagreements.length === 0) return ['no item with disagreement'];
  return [
    `items with disagreement (${disagreements.length}), to adjudicate:`,
    ...disagreements.map(({ item, labels }) => `  ${escapeControls(item)}  ${Object.entries(labels).map(([rater, label]) => `${escapeControls(rater)}: ${escapeControls(label)}`).join(', ')}`),
  ];
}
