import { describe, expect, test } from 'vitest';
import { profilePrevalence } from '../../src/calibration/profile-prevalence.js';
import { formatCorrectedShare, formatProfilePrevalence } from '../../src/calibration/format-prevalence.js';
import type { ResultRecord } from '../../src/grading/verdict.js';
import { correctedPrevalence, roganGladen } from '../../src/stats/index.js';
import { sampleProfile } from './sample-profile.js';

const record = (i: number, status: ResultRecord['status'], label: string | null, extra: Partial<ResultRecord> = {}): ResultRecord => ({
  transcriptId: `t${i}`,
  grader: 'g',
  rubric: 'tiny',
  status,
  label,
  evidence: [],
  gradedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

/** 30 yes, 70 no, then 5 abstentions and 2 errors. */
function run(): ResultRecord[] {
  return [
    ...Array.from({ length: 30 }, (_, i) => record(i, 'ok', 'yes')),
    ...Array.from({ length: 70 }, (_, i) => record(30 + i, 'ok', 'no')),
    ...Array.from({ length: 5 }, (_, i) => record(100 + i, 'abstain', null)),
    ...Array.from({ length: 2 }, (_, i) => record(105 + i, 'error', null)),
  ];
}

describe('profilePrevalence', () => {
  test('the binary view is Rogan–Gladen from the profile’s sensitivity and specificity, on the labelled transcripts', () => {
    // Profile: sens 8/10, spec 9/10; run: 30 of 100 labelled yes → (0.3 + 0.9 − 1)/(0.8 + 0.9 − 1) = 2/7.
    const prevalence = profilePrevalence(sampleProfile(), run(), { bootstrap: { resamples: 300, seed: 2 } });
    expect(prevalence.binary?.corrected.value).toBeCloseTo(roganGladen(0.3, 0.8, 0.9).value!, 12);
    expect(prevalence).toMatchObject({ labelled: 100, abstained: 5, errors: 2 });
    expect(prevalence.binary).toMatchObject({ count: 30, labelled: 100, label: 'yes' });
  });

  test('per label it is the stats module’s correctedPrevalence with the gold pairs rebuilt from the confusion matrix', () => {
    const prevalence = profilePrevalence(sampleProfile(), run(), { bootstrap: { resamples: 300, seed: 2 } });
    const gold = { reference: [...Array(8).fill('yes'), ...Array(2).fill('yes'), 'no', ...Array(9).fill('no')], predicted: [...Array(8).fill('yes'), ...Array(2).fill('no'), 'yes', ...Array(9).fill('no')] };
    const predictions = [...Array(30).fill('yes'), ...Array(70).fill('no')];
    const expected = correctedPrevalence({ labels: ['yes', 'no'], predictions, gold }, { bootstrap: { resamples: 300, seed: 2 } });
    const yes = expected.corrected[0]!;
    if (yes.value === null) throw new Error(yes.reason);
    expect(prevalence.perLabel[0]!.corrected).toEqual({ value: yes.value, ci95: yes.ci95 });
  });

  test('the interval carries the gold set’s uncertainty: it is far wider than the run alone would give', () => {
    const prevalence = profilePrevalence(sampleProfile(), run(), { bootstrap: { resamples: 500, seed: 5 } });
    const corrected = prevalence.binary!.corrected;
    if (corrected.value === null) throw new Error(corrected.reason);
    expect(corrected.ci95[1] - corrected.ci95[0]).toBeGreaterThan(0.15);
  });

  test('a label neither the run nor the gold set used is undefined with a reason, never 0', () => {
    const profile = sampleProfile({
      labels: ['yes', 'no', 'unsure'],
      confusionMatrix: [
        [8, 2, 0],
        [1, 9, 0],
        [0, 0, 0],
      ],
    });
    const unsure = profilePrevalence(profile, run()).perLabel[2]!;
    expect(unsure.corrected).toEqual({ value: null, reason: 'undefined because neither the run nor the gold set has "unsure", so nothing is known about it' });
  });

  test('a run label the gold set never had as reference makes the correction undefined, with the reason', () => {
    const profile = sampleProfile({
      labels: ['yes', 'no', 'unsure'],
      confusionMatrix: [
        [8, 2, 0],
        [1, 9, 0],
        [0, 0, 0],
      ],
    });
    const prevalence = profilePrevalence(profile, [...run(), record(200, 'ok', 'unsure')]);
    expect(prevalence.perLabel[0]!.corrected).toEqual({ value: null, reason: expect.stringMatching(/no item whose reference label is "unsure"/) });
  });

  test('flags a grader whose configuration hash differs from the profile’s', () => {
    expect(profilePrevalence(sampleProfile(), run(), { graderConfigHash: `sha256:${'1'.repeat(64)}` }).configChanged).toBe(true);
    expect(profilePrevalence(sampleProfile(), run(), { graderConfigHash: `sha256:${'0'.repeat(64)}` }).configChanged).toBe(false);
  });

  test('with a threshold in the profile, the binary view counts scores at or above it and uses the threshold’s matrix', () => {
    const profile = sampleProfile({
      threshold: { value: 0.7, basis: 'max-kappa', matrix: [[9, 1], [2, 8]], sensitivity: { value: 0.9, ci95: [0.5, 1] }, specificity: { value: 0.8, ci95: [0.4, 1] }, precision: { value: 0.8, ci95: [0.4, 1] }, kappa: 0.7 },
    });
    const records = [record(0, 'ok', 'yes', { confidence: 0.9 }), record(1, 'ok', 'yes', { confidence: 0.6 }), record(2, 'ok', 'no', { confidence: 0.9 }), record(3, 'ok', 'no', { confidence: 0.2 })];
    // Scores toward yes: 0.9, 0.6, 0.1, 0.8 → two at or above 0.7.
    const prevalence = profilePrevalence(profile, records);
    expect(prevalence.binary).toMatchObject({ count: 2, labelled: 4, threshold: 0.7 });
    expect(prevalence.binary?.corrected.value).toBeCloseTo(roganGladen(0.5, 0.9, 0.8).value!, 12);
  });
});

describe('formatProfilePrevalence', () => {
  test('phrases each label so a paper can quote it', () => {
    expect(formatCorrectedShare({ label: 'explicit_scheming', count: 3, labelled: 40, corrected: { value: 0.052, ci95: [0.011, 0.2] } })).toBe(
      '3 of 40 labelled explicit_scheming; corrected prevalence 5.2% (95% CI 1.1%–20.0%)',
    );
  });

  test('says the correction covers the labelled transcripts when some were abstained or errored', () => {
    const text = formatProfilePrevalence(profilePrevalence(sampleProfile(), run(), { bootstrap: { resamples: 100 } }));
    expect(text).toMatch(/^ {2}30 of 100 labelled yes; corrected prevalence [\d.]+% \(95% CI [\d.]+%–[\d.]+%\)$/m);
    expect(text).toContain('(n = transcripts the grader labelled; 5 abstained and 2 errors are outside the correction)');
  });
});

describe('corrected prevalence is never narrower than the data allow (issue 12 item 4)', () => {
  const perfect = () =>
    sampleProfile({
      confusionMatrix: [
        [7, 0],
        [0, 7],
      ],
      binaryMatrix: [
        [7, 0],
        [0, 7],
      ],
      n: 14,
    });

  test('one transcript labelled yes with a gold set the grader got all right gives at least the exact 2.5%–100% interval, not 100%–100%', () => {
    const prevalence = profilePrevalence(perfect(), [record(0, 'ok', 'yes')], { bootstrap: { resamples: 200, seed: 1 } });
    const corrected = prevalence.binary!.corrected;
    if (corrected.value === null) throw new Error(corrected.reason);
    // Clopper–Pearson for 1 of 1: lower = (α/2)^(1/n) = 0.025, upper = 1.
    expect(corrected.value).toBe(1);
    expect(corrected.ci95[0]).toBeCloseTo(0.025, 9);
    expect(corrected.ci95[1]).toBe(1);
    expect(formatCorrectedShare(prevalence.binary!)).toBe('1 of 1 labelled yes; corrected prevalence 100% (95% CI 2.5%–100%)');
  });

  test('a clipped estimate is shown with the Rogan–Gladen value before clipping', () => {
    // sens .8, spec .9; 5 of 100 labelled yes → (0.05 + 0.9 − 1)/0.7 = −1/14, clipped to 0.
    const records = [...Array.from({ length: 5 }, (_, i) => record(i, 'ok', 'yes')), ...Array.from({ length: 95 }, (_, i) => record(5 + i, 'ok', 'no'))];
    const prevalence = profilePrevalence(sampleProfile(), records, { bootstrap: { resamples: 200, seed: 1 } });
    expect(prevalence.binary!.corrected.value).toBe(0);
    expect(prevalence.binary!.unclipped).toBeCloseTo(-1 / 14, 12);
    expect(formatCorrectedShare(prevalence.binary!)).toMatch(/corrected prevalence 0% \(95% CI .*\); clipped to \[0, 1\], the Rogan–Gladen estimate itself is −7\.1%/);
  });

  test('an estimate inside [0, 1] carries no unclipped field', () => {
    const prevalence = profilePrevalence(sampleProfile(), run(), { bootstrap: { resamples: 100, seed: 1 } });
    expect(prevalence.binary).not.toHaveProperty('unclipped');
  });
});
