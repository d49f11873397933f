import type { ReliabilityBin } from '../stats/index.js';
import { html, joinHtml, type SafeHtml } from '../html/html.js';
import { round, unitPlotSvg } from './svg-unit-plot.js';

/**
 * Reliability diagrams: mean score across, observed share of positives up, the diagonal of perfect
 * calibration dashed; per grader one point per non-empty bin (area ∝ items) with its exact 95%
 * interval as a whisker.
 */
export interface ReliabilitySeries {
  name: string;
  bins: readonly ReliabilityBin[];
}

export function reliabilityPlotSvg(series: readonly ReliabilitySeries[], title = 'Reliability diagram'): SafeHtml {
  const largest = Math.max(1, ...series.flatMap((one) => one.bins.map((bin) => bin.n)));
  const percent = (value: number) => (value * 100).toFixed(0);
  return unitPlotSvg({
    className: 'reliability',
    title,
    xAxis: 'mean score in the bin',
    yAxis: 'observed share positive',
    legend: series.map((one) => one.name),
    legendMarker: (x, y, color) => html`<circle cx="${x + 8}" cy="${y}" r="5" fill="${color}"/>`,
    body: (plot) =>
      joinHtml(
        series.map((one, index) => {
          const color = plot.color(index);
          const marks = one.bins.map((bin) => {
            const cx = plot.x(bin.meanScore);
            const radius = round(2.5 + 5 * Math.sqrt(bin.n / largest));
            return html`<line x1="${cx}" y1="${plot.y(bin.ci95[0])}" x2="${cx}" y2="${plot.y(bin.ci95[1])}" stroke="${color}" stroke-width="1.2" opacity="0.7"/><circle class="reliability-bin" cx="${cx}" cy="${plot.y(bin.observedRate)}" r="${radius}" fill="${color}" fill-opacity="0.75"><title>${one.name}: scores ${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}, ${bin.n} items, observed ${percent(bin.observedRate)}% (95% CI ${percent(bin.ci95[0])}–${percent(bin.ci95[1])}%)</title></circle>`;
          });
          return html`<g data-grader="${one.name}">${joinHtml(marks)}</g>`;
        }),
      ),
  });
}
