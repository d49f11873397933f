import { html, joinHtml, type SafeHtml } from '../html/html.js';

/**
 * The frame both of the report's [0, 1] × [0, 1] plots share (ROC, reliability): grid and ticks,
 * the dashed diagonal, axis titles and a legend row per series. Numbers reach the markup only as
 * numbers; every text goes through `html`.
 */
export const SERIES_COLORS = ['#2f5fd0', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#1098ad'];
const PLOT = 260;
const LEFT = 48;
const TOP = 16;

export interface UnitPlot {
  x(value: number): number;
  y(value: number): number;
  color(index: number): string;
}

export function unitPlotSvg(options: {
  className: string;
  title: string;
  xAxis: string;
  yAxis: string;
  /** Legend text per series; its marker is drawn by `legendMarker`. */
  legend: readonly string[];
  legendMarker: (x: number, y: number, color: string) => SafeHtml;
  /** The series' marks, drawn with the plot's scales. */
  body: (plot: UnitPlot) => SafeHtml;
}): SafeHtml {
  const legendTop = TOP + PLOT + 62;
  const legendWidth = Math.max(0, ...options.legend.map((text) => Math.ceil(text.length * 6.6)));
  const width = Math.max(LEFT + PLOT + 24, LEFT + 24 + legendWidth + 8);
  const height = legendTop + options.legend.length * 18 + 8;
  const plot: UnitPlot = {
    x: (value) => round(LEFT + value * PLOT),
    y: (value) => round(TOP + (1 - value) * PLOT),
    color: (index) => SERIES_COLORS[index % SERIES_COLORS.length]!,
  };
  const { x, y } = plot;
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (tick) =>
      html`<line x1="${x(tick)}" y1="${y(0)}" x2="${x(tick)}" y2="${y(1)}" stroke="#e3e7ee"/><line x1="${x(0)}" y1="${y(tick)}" x2="${x(1)}" y2="${y(tick)}" stroke="#e3e7ee"/><text x="${x(tick)}" y="${y(0) + 16}" font-size="11" text-anchor="middle">${tick}</text><text x="${x(0) - 6}" y="${y(tick) + 4}" font-size="11" text-anchor="end">${tick}</text>`,
  );
  const legend = options.legend.map((text, index) => {
    const rowY = legendTop + index * 18;
    return html`${options.legendMarker(LEFT, rowY - 4, plot.color(index))}<text x="${LEFT + 24}" y="${rowY}" font-size="12">${text}</text>`;
  });
  return html`<svg class="${options.className}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${options.title}" font-family="system-ui, sans-serif" fill="#1d2330"><title>${options.title}</title>${joinHtml(grid)}<rect x="${x(0)}" y="${y(1)}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#9aa3b2"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#9aa3b2" stroke-dasharray="4 4"/>${options.body(plot)}<text x="${x(0.5)}" y="${y(0) + 34}" font-size="12" text-anchor="middle">${options.xAxis}</text><text font-size="12" text-anchor="middle" transform="translate(14 ${y(0.5)}) rotate(-90)">${options.yAxis}</text>${joinHtml(legend)}</svg>`;
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
