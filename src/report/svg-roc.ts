import type { RocPoint } from '../stats/index.js';
import { html, joinHtml, type SafeHtml } from '../html/html.js';
import { unitPlotSvg } from './svg-unit-plot.js';

/**
 * ROC curves: false-positive rate across, true-positive rate up, the chance diagonal dashed, one
 * step line per grader through the empirical points (threshold +∞ down to the lowest score), its
 * AUC in the legend.
 */
export interface RocSeries {
  name: string;
  points: readonly Pick<RocPoint, 'falsePositiveRate' | 'truePositiveRate'>[];
  /** Shown in the legend, e.g. "AUC 0.83 (95% CI 0.71–0.93)". */
  caption: string;
}

export function rocPlotSvg(series: readonly RocSeries[], title = 'ROC curves'): SafeHtml {
  return unitPlotSvg({
    className: 'roc',
    title,
    xAxis: 'false-positive rate (1 − specificity)',
    yAxis: 'true-positive rate (sensitivity)',
    legend: series.map((one) => `${one.name}: ${one.caption}`),
    legendMarker: (x, y, color) => html`<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${color}" stroke-width="3"/>`,
    body: (plot) =>
      joinHtml(
        series.map((one, index) => {
          const path = one.points.map((point) => `${plot.x(point.falsePositiveRate)},${plot.y(point.truePositiveRate)}`).join(' ');
          return html`<polyline class="roc-curve" data-grader="${one.name}" points="${path}" fill="none" stroke="${plot.color(index)}" stroke-width="2.2" stroke-linejoin="round"/>`;
        }),
      ),
  });
}
