import { html, joinHtml, type SafeHtml } from '../html/html.js';

/**
 * A confusion matrix as an inline SVG heatmap: rows are the reference (consensus) labels, columns
 * the grader's; a cell's colour is its share of the row (so the diagonal reads as per-label recall
 * whatever the class sizes), its text the count and that share. Every label passes through `html`.
 */
export interface HeatmapInput {
  labels: readonly string[];
  /** matrix[reference][predicted] */
  matrix: readonly (readonly number[])[];
  title: string;
  rowAxis?: string;
  columnAxis?: string;
}

const CELL = 64;
/** Average width of a 12px sans-serif character, for the margins the labels need. */
const CHAR = 6.6;

export function confusionHeatmapSvg(input: HeatmapInput): SafeHtml {
  const { labels, matrix } = input;
  const longest = Math.max(4, ...labels.map((label) => label.length));
  const left = Math.ceil(longest * CHAR) + 32;
  // Column labels are rotated by 40°: they rise by sin 40° and reach right by cos 40° of their length.
  const top = Math.ceil(longest * CHAR * 0.65) + 36;
  const size = labels.length * CELL;
  const reach = Math.max(0, ...labels.map((label, c) => c * CELL + CELL / 2 + label.length * CHAR * 0.77 - size));
  const width = left + size + Math.ceil(reach) + 12;
  const height = top + size + 12;
  const cells = matrix.flatMap((row, r) => {
    const rowTotal = row.reduce((sum, count) => sum + count, 0);
    return row.map((count, c) => {
      const share = rowTotal === 0 ? 0 : count / rowTotal;
      const x = left + c * CELL;
      const y = top + r * CELL;
      const ink = share > 0.55 ? '#ffffff' : '#1d2330';
      const percentText = rowTotal === 0 ? '–' : `${Math.round(share * 100)}%`;
      return html`<g class="cell${r === c ? ' diagonal' : ''}" data-reference="${labels[r]}" data-predicted="${labels[c]}"><rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${fillFor(share)}" stroke="#ffffff" stroke-width="2"><title>reference ${labels[r]}, grader ${labels[c]}: ${count} of ${rowTotal}</title></rect><text x="${x + CELL / 2}" y="${y + CELL / 2 - 3}" text-anchor="middle" font-size="15" font-weight="600" fill="${ink}">${count}</text><text x="${x + CELL / 2}" y="${y + CELL / 2 + 14}" text-anchor="middle" font-size="11" fill="${ink}">${percentText}</text></g>`;
    });
  });
  const rowLabels = labels.map(
    (label, r) => html`<text x="${left - 8}" y="${top + r * CELL + CELL / 2 + 4}" text-anchor="end" font-size="12">${label}</text>`,
  );
  const columnLabels = labels.map((label, c) => {
    const x = left + c * CELL + CELL / 2;
    return html`<text x="${x}" y="${top - 8}" text-anchor="start" font-size="12" transform="rotate(-40 ${x} ${top - 8})">${label}</text>`;
  });
  return html`<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${input.title}" font-family="system-ui, sans-serif" fill="#1d2330"><title>${input.title}</title><text font-size="11" fill="#5b6475" transform="translate(14 ${top + size / 2}) rotate(-90)" text-anchor="middle">${input.rowAxis ?? 'reference'}</text><text x="${left + size / 2}" y="14" font-size="11" fill="#5b6475" text-anchor="middle">${input.columnAxis ?? 'grader'}</text>${joinHtml(columnLabels)}${joinHtml(rowLabels)}${joinHtml(cells)}</svg>`;
}

/** White to a saturated blue, by share in [0, 1]. */
function fillFor(share: number): string {
  const from = [247, 249, 252];
  const to = [35, 76, 176];
  const mix = from.map((channel, index) => Math.round(channel + (to[index]! - channel) * Math.min(1, Math.max(0, share))));
  return `rgb(${mix.join(',')})`;
}
