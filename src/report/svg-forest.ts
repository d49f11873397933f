import { html, joinHtml, type SafeHtml } from '../html/html.js';
import { SERIES_COLORS } from './svg-unit-plot.js';

/**
 * A forest plot: one row per interval (a label × method), a point and its interval on a shared
 * count axis from 0. Numbers reach the markup only as numbers; every text goes through `html`.
 */
export interface ForestRow {
  text: string;
  value: number;
  interval: readonly [number, number];
  /** Rows of one group (a method) share a colour. */
  group: number;
}

const LEFT = 230;
const PLOT = 360;
const ROW = 22;
const TOP = 12;

export function forestPlotSvg(rows: readonly ForestRow[], axisTitle: string): SafeHtml {
  const max = Math.max(1, ...rows.map((row) => row.interval[1]));
  const x = (value: number) => Math.round((LEFT + (Math.min(max, Math.max(0, value)) / max) * PLOT) * 10) / 10;
  const height = TOP + rows.length * ROW + 44;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => Math.round(share * max));
  const marks = rows.map((row, index) => {
    const y = TOP + index * ROW + ROW / 2;
    const color = SERIES_COLORS[row.group % SERIES_COLORS.length]!;
    return html`<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end">${row.text}</text><line x1="${x(row.interval[0])}" x2="${x(row.interval[1])}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/><circle cx="${x(row.value)}" cy="${y}" r="4" fill="${color}"/>`;
  });
  const axisY = TOP + rows.length * ROW + 6;
  const axis = ticks.map((tick) => html`<line x1="${x(tick)}" x2="${x(tick)}" y1="${TOP}" y2="${axisY}" stroke="#ddd"/><text x="${x(tick)}" y="${axisY + 14}" text-anchor="middle">${tick.toLocaleString('en-US')}</text>`);
  return html`<svg class="forest-plot" role="img" aria-label="${axisTitle}" width="${LEFT + PLOT + 30}" height="${height}" viewBox="0 0 ${LEFT + PLOT + 30} ${height}" font-size="11" font-family="sans-serif">${joinHtml(axis)}${joinHtml(marks)}<text x="${LEFT + PLOT / 2}" y="${axisY + 32}" text-anchor="middle">${axisTitle}</text></svg>`;
}
