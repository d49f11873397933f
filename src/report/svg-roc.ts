import type { RocPoint } from '../stats/index.js';
import { html, joinHtml, type SafeHtml } from './html.js';

/**
 * ROC curves as one inline SVG: false-positive rate across, true-positive rate up, the chance
 * diagonal dashed, one step line per grader through the empirical points (threshold +∞ down to the
 * lowest score), its AUC in the legend. Numbers only reach the markup as numbers; names go
 * through `html`.
 */
export interface RocSeries {
  name: string;
  points: readonly Pick<RocPoint, 'falsePositiveRate' | 'truePositiveRate'>[];
  /** Shown in the legend, e.g. "AUC 0.83 (95% CI 0.71–0.93)". */
  caption: string;
}

const COLORS = ['#2f5fd0', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#1098ad'];
const PLOT = 260;
const LEFT = 48;
const TOP = 16;

export function rocPlotSvg(series: readonly RocSeries[], title = 'ROC curves'): SafeHtml {
  const legendTop = TOP + PLOT + 62;
  const legendWidth = Math.max(0, ...series.map((one) => Math.ceil((one.name.length + one.caption.length + 2) * 6.6)));
  const width = Math.max(LEFT + PLOT + 24, LEFT + 24 + legendWidth + 8);
  const height = legendTop + series.length * 18 + 8;
  const x = (rate: number) => round(LEFT + rate * PLOT);
  const y = (rate: number) => round(TOP + (1 - rate) * PLOT);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks.map(
    (tick) =>
      html`<line x1="${x(tick)}" y1="${y(0)}" x2="${x(tick)}" y2="${y(1)}" stroke="#e3e7ee"/><line x1="${x(0)}" y1="${y(tick)}" x2="${x(1)}" y2="${y(tick)}" stroke="#e3e7ee"/><text x="${x(tick)}" y="${y(0) + 16}" font-size="11" text-anchor="middle">${tick}</text><text x="${x(0) - 6}" y="${y(tick) + 4}" font-size="11" text-anchor="end">${tick}</text>`,
  );
  const curves = series.map((one, index) => {
    const color = COLORS[index % COLORS.length]!;
    const path = one.points.map((point) => `${x(point.falsePositiveRate)},${y(point.truePositiveRate)}`).join(' ');
    return html`<polyline class="roc-curve" data-grader="${one.name}" points="${path}" fill="none" stroke="${color}" stroke-width="2.2" stroke-linejoin="round"/>`;
  });
  const legend = series.map((one, index) => {
    const color = COLORS[index % COLORS.length]!;
    const rowY = legendTop + index * 18;
    return html`<line x1="${LEFT}" y1="${rowY - 4}" x2="${LEFT + 18}" y2="${rowY - 4}" stroke="${color}" stroke-width="3"/><text x="${LEFT + 24}" y="${rowY}" font-size="12">${one.name}: ${one.caption}</text>`;
  });
  return html`<svg class="roc" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}" font-family="system-ui, sans-serif" fill="#1d2330"><title>${title}</title>${joinHtml(grid)}<rect x="${x(0)}" y="${y(1)}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#9aa3b2"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#9aa3b2" stroke-dasharray="4 4"/>${joinHtml(curves)}<text x="${x(0.5)}" y="${y(0) + 34}" font-size="12" text-anchor="middle">false-positive rate (1 − specificity)</text><text font-size="12" text-anchor="middle" transform="translate(14 ${y(0.5)}) rotate(-90)">true-positive rate (sensitivity)</text>${joinHtml(legend)}</svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
