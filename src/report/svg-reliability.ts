import type { ReliabilityBin } from '../stats/index.js';
import { html, joinHtml, type SafeHtml } from './html.js';

/**
 * Reliability diagrams as one inline SVG: mean score across, observed share of positives up, the
 * diagonal of perfect calibration dashed; per grader one point per non-empty bin (area ∝ items)
 * with its exact 95% interval as a whisker. Numbers only reach the markup as numbers; names go
 * through `html`.
 */
export interface ReliabilitySeries {
  name: string;
  bins: readonly ReliabilityBin[];
}

const COLORS = ['#2f5fd0', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#1098ad'];
const PLOT = 260;
const LEFT = 48;
const TOP = 16;

export function reliabilityPlotSvg(series: readonly ReliabilitySeries[], title = 'Reliability diagram'): SafeHtml {
  const legendTop = TOP + PLOT + 62;
  const width = Math.max(LEFT + PLOT + 24, LEFT + 24 + Math.max(0, ...series.map((one) => Math.ceil(one.name.length * 6.6))) + 8);
  const height = legendTop + series.length * 18 + 8;
  const x = (value: number) => round(LEFT + value * PLOT);
  const y = (value: number) => round(TOP + (1 - value) * PLOT);
  const largest = Math.max(1, ...series.flatMap((one) => one.bins.map((bin) => bin.n)));
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks.map(
    (tick) =>
      html`<line x1="${x(tick)}" y1="${y(0)}" x2="${x(tick)}" y2="${y(1)}" stroke="#e3e7ee"/><line x1="${x(0)}" y1="${y(tick)}" x2="${x(1)}" y2="${y(tick)}" stroke="#e3e7ee"/><text x="${x(tick)}" y="${y(0) + 16}" font-size="11" text-anchor="middle">${tick}</text><text x="${x(0) - 6}" y="${y(tick) + 4}" font-size="11" text-anchor="end">${tick}</text>`,
  );
  const points = series.map((one, index) => {
    const color = COLORS[index % COLORS.length]!;
    const marks = one.bins.map((bin) => {
      const cx = x(bin.meanScore);
      const radius = round(2.5 + 5 * Math.sqrt(bin.n / largest));
      return html`<line x1="${cx}" y1="${y(bin.ci95[0])}" x2="${cx}" y2="${y(bin.ci95[1])}" stroke="${color}" stroke-width="1.2" opacity="0.7"/><circle class="reliability-bin" cx="${cx}" cy="${y(bin.observedRate)}" r="${radius}" fill="${color}" fill-opacity="0.75"><title>${one.name}: scores ${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}, ${bin.n} items, observed ${(bin.observedRate * 100).toFixed(0)}% (95% CI ${(bin.ci95[0] * 100).toFixed(0)}–${(bin.ci95[1] * 100).toFixed(0)}%)</title></circle>`;
    });
    return html`<g data-grader="${one.name}">${joinHtml(marks)}</g>`;
  });
  const legend = series.map((one, index) => {
    const rowY = legendTop + index * 18;
    return html`<circle cx="${LEFT + 8}" cy="${rowY - 4}" r="5" fill="${COLORS[index % COLORS.length]!}"/><text x="${LEFT + 24}" y="${rowY}" font-size="12">${one.name}</text>`;
  });
  return html`<svg class="reliability" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}" font-family="system-ui, sans-serif" fill="#1d2330"><title>${title}</title>${joinHtml(grid)}<rect x="${x(0)}" y="${y(1)}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#9aa3b2"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#9aa3b2" stroke-dasharray="4 4"/>${joinHtml(points)}<text x="${x(0.5)}" y="${y(0) + 34}" font-size="12" text-anchor="middle">mean score in the bin</text><text font-size="12" text-anchor="middle" transform="translate(14 ${y(0.5)}) rotate(-90)">observed share positive</text>${joinHtml(legend)}</svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
