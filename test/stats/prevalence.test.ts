import { describe, expect, test } from 'vitest';
import { correctedPrevalence, roganGladen, seededRandom } from '../../src/stats/index.js';

const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe('roganGladen', () => {
  test('corrects an observed rate for sensitivity and specificity', () => {
    // (0.3 + 0.9 − 1)/(0.8 + 0.9 − 1) = 0.2/0.7
    expect(roganGladen(0.3, 0.8, 0.9).value).toBeCloseTo(2 / 7, 12);
  });

  test('clips estimates outside [0, 1]', () => {
    // (0.05 + 0.9 − 1)/0.7 < 0 and (0.99 + 0.9 − 1)/0.7 > 1
    expect(roganGladen(0.05, 0.8, 0.9).value).toBe(0);
    expect(roganGladen(0.99, 0.8, 0.9).value).toBe(1);
  });

  test('is undefined when sensitivity + specificity ≤ 1', () => {
    const result = roganGladen(0.3, 0.5, 0.5);
    expect(result.value === null && result.reason).toMatch(/^undefined because sensitivity \+ specificity = 1\.000 ≤ 1/);
  });
});

describe('correctedPrevalence', () => {
  test('recovers the true shares of three labels when the run matches the gold confusion exactly', () => {
    // C = [[.8,.1,.1],[.2,.7,.1],[.1,.1,.8]], π = (.5,.3,.2) → predicted q = Cᵀπ = (.48,.28,.24)
    const gold = { reference: [] as string[], predicted: [] as string[] };
    const rows: Record<string, number[]> = { a: [8, 1, 1], b: [2, 7, 1], c: [1, 1, 8] };
    for (const [reference, counts] of Object.entries(rows)) {
      counts.forEach((count, p) => {
        gold.reference.push(...repeat(count, reference));
        gold.predicted.push(...repeat(count, 'abc'[p]!));
      });
    }
    const predictions = [...repeat(48, 'a'), ...repeat(28, 'b'), ...repeat(24, 'c')];
    const result = correctedPrevalence({ predictions, gold });
    expect(result.observed).toEqual([0.48, 0.28, 0.24]);
    expect(result.corrected.map(({ value }) => value)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.3, 12), expect.closeTo(0.2, 12)]);
  });

  test('with two labels it is Rogan–Gladen', () => {
    // gold: 10 positives (8 caught), 10 negatives (9 correct) → sens .8, spec .9; run 30% positive.
    const gold = {
      reference: [...repeat(10, 'pos'), ...repeat(10, 'neg')],
      predicted: [...repeat(8, 'pos'), ...repeat(2, 'neg'), ...repeat(1, 'pos'), ...repeat(9, 'neg')],
    };
    const predictions = [...repeat(30, 'pos'), ...repeat(70, 'neg')];
    const result = correctedPrevalence({ predictions, gold, labels: ['neg', 'pos'] });
    expect(result.corrected[1]!.value).toBeCloseTo(roganGladen(0.3, 0.8, 0.9).value!, 12);
    expect(result.corrected[0]!.value).toBeCloseTo(1 - 2 / 7, 12);
  });

  test('is undefined when the gold set lacks a reference label', () => {
    const result = correctedPrevalence({ predictions: ['a', 'b'], gold: { reference: ['a', 'a'], predicted: ['a', 'b'] } });
    expect(result.corrected[1]!.value === null && result.corrected[1]!.reason).toMatch(/no item whose reference label is "b"/);
  });

  test('the bootstrap interval resamples run and gold set and brackets the estimate', () => {
    const gold = {
      reference: [...repeat(30, 'pos'), ...repeat(30, 'neg')],
      predicted: [...repeat(24, 'pos'), ...repeat(6, 'neg'), ...repeat(3, 'pos'), ...repeat(27, 'neg')],
    };
    const predictions = [...repeat(300, 'pos'), ...repeat(700, 'neg')];
    const result = correctedPrevalence({ predictions, gold, labels: ['neg', 'pos'] }, { bootstrap: { resamples: 500, seed: 4 } });
    const positive = result.corrected[1]!;
    if (positive.value === null) throw new Error(positive.reason);
    expect(positive.ci95[0]).toBeLessThan(positive.value);
    expect(positive.ci95[1]).toBeGreaterThan(positive.value);
    // With a 60-item gold set the interval is wide (sens/spec uncertainty), far wider than the run's ±0.03.
    expect(positive.ci95[1] - positive.ci95[0]).toBeGreaterThan(0.1);
  });

  test('Rogan–Gladen is nearly unbiased in a seeded simulation where the raw rate is not', () => {
    // True prevalence .3; grader sens .85, spec .9; gold set 100 positives + 100 negatives; run of 2000.
    // The raw positive rate expects .3·.85 + .7·.1 = .325 (bias +.025).
    const random = seededRandom(2024);
    const [truth, sensitivity, specificity, replications] = [0.3, 0.85, 0.9, 2000];
    const graderSays = (positive: boolean) => (positive ? random() < sensitivity : random() >= specificity);
    let sumCorrected = 0;
    let sumRaw = 0;
    for (let r = 0; r < replications; r++) {
      let caught = 0;
      let cleared = 0;
      for (let i = 0; i < 100; i++) {
        if (graderSays(true)) caught++;
        if (!graderSays(false)) cleared++;
      }
      let flagged = 0;
      for (let i = 0; i < 2000; i++) if (graderSays(random() < truth)) flagged++;
      sumRaw += flagged / 2000;
      sumCorrected += roganGladen(flagged / 2000, caught / 100, cleared / 100).value!;
    }
    const bias = sumCorrected / replications - truth;
    const rawBias = sumRaw / replications - truth;
    console.log(`Rogan–Gladen bias over ${replications} seeded replications: ${bias.toFixed(4)} (raw positive rate: ${rawBias.toFixed(4)})`);
    expect(Math.abs(bias)).toBeLessThan(0.005);
    expect(rawBias).toBeGreaterThan(0.02);
  });
});

describe('correctedPrevalence intervals and clipping (issue 12 item 4)', () => {
  test('the interval always contains the exact interval of the run share corrected at the measured sensitivity and specificity', () => {
    // gold: sens 9/10, spec 19/20; run 3 of 12 positive. CP(3, 12) = [0.05486, 0.57186] (R: binom.test(3, 12)$conf.int).
    const gold = {
      reference: [...repeat(10, 'pos'), ...repeat(20, 'neg')],
      predicted: [...repeat(9, 'pos'), 'neg', 'pos', ...repeat(19, 'neg')],
    };
    const predictions = [...repeat(3, 'pos'), ...repeat(9, 'neg')];
    const result = correctedPrevalence({ predictions, gold, labels: ['neg', 'pos'] }, { bootstrap: { resamples: 300, seed: 3 } });
    const positive = result.corrected[1]!;
    if (positive.value === null) throw new Error(positive.reason);
    const low = roganGladen(0.054861, 0.9, 0.95).value!;
    const high = roganGladen(0.571858, 0.9, 0.95).value!;
    expect(positive.ci95[0]).toBeLessThanOrEqual(low + 1e-5);
    expect(positive.ci95[1]).toBeGreaterThanOrEqual(high - 1e-5);
  });

  test('unclipped keeps the raw Rogan–Gladen solution, which sums to 1 across labels', () => {
    const gold = {
      reference: [...repeat(10, 'pos'), ...repeat(10, 'neg')],
      predicted: [...repeat(8, 'pos'), ...repeat(2, 'neg'), ...repeat(1, 'pos'), ...repeat(9, 'neg')],
    };
    const predictions = [...repeat(5, 'pos'), ...repeat(95, 'neg')];
    const result = correctedPrevalence({ predictions, gold, labels: ['neg', 'pos'] });
    expect(result.corrected[1]!.value).toBe(0);
    expect(result.unclipped[1]).toBeCloseTo(-1 / 14, 12);
    expect(result.unclipped[0]).toBeCloseTo(1 + 1 / 14, 12);
  });
});
