import { describe, expect, test } from 'vitest';
import { confusionHeatmapSvg } from '../../src/report/svg-heatmap.js';
import { reliabilityPlotSvg } from '../../src/report/svg-reliability.js';
import { rocPlotSvg } from '../../src/report/svg-roc.js';

describe('confusionHeatmapSvg', () => {
  test('draws one cell per pair of labels with its count', () => {
    const svg = confusionHeatmapSvg({ labels: ['yes', 'no'], matrix: [[3, 1], [0, 4]], title: 'm' }).value;
    expect(svg.match(/<g class="cell/g)).toHaveLength(4);
    expect(svg).toContain('data-reference="yes" data-predicted="no"');
    expect(svg).toMatch(/>3<\/text><text[^>]*>75%</);
  });

  test('colours a cell by its share of the row, so an empty row stays pale', () => {
    const svg = confusionHeatmapSvg({ labels: ['a', 'b'], matrix: [[0, 0], [0, 5]], title: 'm' }).value;
    expect(svg).toContain('rgb(35,76,176)');
    expect(svg.match(/rgb\(247,249,252\)/g)).toHaveLength(3);
  });

  test('escapes labels and the title', () => {
    const svg = confusionHeatmapSvg({ labels: ['<b>x</b>', 'y'], matrix: [[1, 0], [0, 1]], title: '"><script>' }).value;
    expect(svg).not.toMatch(/<b>|<script>/);
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('rocPlotSvg', () => {
  test('draws one curve per grader through its points, with its caption in the legend', () => {
    const svg = rocPlotSvg([
      { name: 'g<1>', points: [{ falsePositiveRate: 0, truePositiveRate: 0 }, { falsePositiveRate: 0.5, truePositiveRate: 1 }, { falsePositiveRate: 1, truePositiveRate: 1 }], caption: 'AUC 0.75' },
    ]).value;
    expect(svg.match(/<polyline class="roc-curve"/g)).toHaveLength(1);
    expect(svg).toContain('points="48,276 178,16 308,16"');
    expect(svg).toContain('g&lt;1&gt;: AUC 0.75');
  });
});

describe('reliabilityPlotSvg', () => {
  test('draws one point and one interval whisker per bin, names escaped', () => {
    const svg = reliabilityPlotSvg([
      {
        name: 'g<1>',
        bins: [
          { lower: 0, upper: 0.1, n: 4, meanScore: 0.05, observedRate: 0.25, ci95: [0.006, 0.806] },
          { lower: 0.9, upper: 1, n: 2, meanScore: 0.95, observedRate: 1, ci95: [0.158, 1] },
        ],
      },
    ]).value;
    expect(svg.match(/<circle class="reliability-bin"/g)).toHaveLength(2);
    expect(svg).toContain('g&lt;1&gt;');
    expect(svg).not.toContain('g<1>');
  });
});
